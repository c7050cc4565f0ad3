import type { LabelledFeatures } from './network.js';

export interface Dropout {
  /** more copies of every example */
  copies: number;
  /** the share of features each copy hides */
  drop: number;
}

export function seededRandom(seed: number): () => number;
export function shuffled<T>(items: readonly T[], seed: number): T[];
export function withDropout(samples: readonly LabelledFeatures[], copies: number, drop: number, seed?: number): LabelledFeatures[];
export function trainingOrder(samples: readonly LabelledFeatures[], seed: number, dropout?: Dropout): LabelledFeatures[];
