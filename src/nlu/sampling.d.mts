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
  samples: readonly LabelledFeatures[],
  seed: number,
  dropout?: Dropout,
): { input: PackedFeatures; output: Record<string, number> }[];
