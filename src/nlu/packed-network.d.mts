import { NeuralNetwork, type NeuralSample } from '@nlpjs/neural';
import type { PackedFeatures } from './sampling.mjs';

/** nlp.js's NeuralNetwork, trained over packed inputs: the same weights, sooner. */
export class PackedNeuralNetwork extends NeuralNetwork {
  train(corpus: readonly (NeuralSample | { input: PackedFeatures; output: Record<string, number> })[]): { iterations: number; error: number };
}
