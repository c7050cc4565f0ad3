import type { LabelledFeatures } from './network.js';

export interface Dropout {
  /** more copies of every example */
  copies: number;
  /** the share of features each copy hides */
  drop: number;
}

/** A sample's features as two arrays, names in for-in order. */
export class PackedFeatures {
  readonly names: readonly string[];
  readonly values: readonly number[];
}

/** What a training task trains on, as nlp.js's corpus with packed inputs: its examples, their dropout copies if asked for, in the order of its seed. */
export function trainingCorpus(
  samples: readonly (LabelledFeatures | { features: PackedFeatures; label: string })[],
  seed: number,
  dropout?: Dropout,
): { input: PackedFeatures; output: Record<string, number> }[];

/** Samples as flat arrays, cheap to post to a worker thread. */
export interface PackedSamples {
  names: string[];
  labels: string[];
  offsets: Int32Array;
  keys: Int32Array;
  values: Float64Array;
  sampleOf: Int32Array;
  labelOf: Int32Array;
}

/** Features fewer than `minHeld` distinct samples hold are left out. */
export function packSamples(samples: readonly LabelledFeatures[], minHeld?: number): PackedSamples;

/** The samples packSamples packed; a repeated sample shares one PackedFeatures. */
export function unpackSamples(packed: PackedSamples): { features: PackedFeatures; label: string }[];
