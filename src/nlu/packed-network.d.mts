import { NeuralNetwork, type NeuralJson } from '@nlpjs/neural';
import type { Dropout, PackedSamples } from './sampling.mjs';

/** nlp.js's NeuralNetwork, trained over packed examples: the same weights, sooner. */
export class PackedNeuralNetwork extends NeuralNetwork {
  trainPacked(packed: PackedSamples, seed: number, dropout?: Dropout): { iterations: number; error: number } | Record<string, never>;
  /** toJSON, each label's weights and bias in one Float64Array (to transfer to another thread) */
  toTransferableJSON(): Omit<NeuralJson, 'perceptrons'> & { perceptrons: Float64Array[] };
}
