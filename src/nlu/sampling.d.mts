import type { LabelledFeatures } from './network.js';

export interface Dropout {
  /** more copies of every example */
  copies: number;
  /** the share of features each copy hides */
  drop: number;
}

/** Samples as flat arrays, cheap to post to a worker thread. */
export interface PackedSamples {
  names: string[];
  labels: string[];
  offsets: Int32Array;
  keys: Int32Array;
  sampleOf: Int32Array;
  labelOf: Int32Array;
}

/** Features fewer than `minHeld` distinct samples hold (or than minHeld(feature)) are left out. */
export function packSamples(samples: readonly LabelledFeatures[], minHeld?: number | ((feature: string) => number)): PackedSamples;

/** An example in training order: indices into the packed names and labels. */
export interface OrderedSample {
  keys: Int32Array;
  label: number;
}

/** What a training task trains on, in order: the packed examples, their dropout copies if asked for, shuffled by the seed. */
export function trainingOrder(packed: PackedSamples, seed: number, dropout?: Dropout): OrderedSample[];

/** trainingOrder as flat arrays: example i's keys from offsets[i] to offsets[i + 1], its label labelOf[i]. */
export function orderedExamples(packed: PackedSamples, seed: number, dropout?: Dropout): { offsets: Int32Array; keys: Int32Array; labelOf: Int32Array };
