import type { LabelledFeatures } from './network.js';

export interface Dropout {
  /** more copies of every example */
  copies: number;
  /** the share of features each copy hides */
  drop: number;
}

/** What a training task trains on: its examples, their dropout copies if asked for, in the order of its seed. */
export function trainingOrder(samples: readonly LabelledFeatures[], seed: number, dropout?: Dropout): LabelledFeatures[];
