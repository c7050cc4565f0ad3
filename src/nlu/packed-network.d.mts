import { NeuralNetwork, type NeuralJson } from '@nlpjs/neural';
import type { Dropout, PackedSamples } from './sampling.mjs';

/** nlp.js's NeuralNetwork, trained over packed examples: the same weights, sooner. */
export class PackedNeuralNetwork extends NeuralNetwork {
  trainPacked(packed: PackedSamples, seed: number, dropout?: Dropout): { iterations: number; error: number } | Record<string, never>;
  /** toJSON, each label's weights and bias in one Float64Array (to transfer to another thread), and each feature's packed number */
  toTransferableJSON(): TrainedNetwork;
}

/** A trained network as toJSON gives it, and each feature's number among the names of the samples it was trained on. */
export interface TrainedNetwork extends Omit<NeuralJson, 'perceptrons'> {
  perceptrons: Float64Array[];
  packedKeys: Int32Array;
}
