import { NeuralNetwork, type NeuralJson } from '@nlpjs/neural';
import type { Features } from './features.js';

export interface Ranked {
  label: string;
  score: number;
}

export interface LabelledFeatures {
  features: Features;
  label: string;
}

const TRAINING_SETTINGS = { iterations: 400, errorThresh: 0.0005, deltaErrorThresh: 0.000005 } as const;

/** Trains an nlp.js NeuralNetwork (one perceptron per label) and returns its JSON form. */
export function trainNetwork(samples: readonly LabelledFeatures[]): NeuralJson {
  const network = new NeuralNetwork({ ...TRAINING_SETTINGS });
  network.train(samples.map((s) => ({ input: s.features, output: { [s.label]: 1 } })));
  return network.toJSON();
}

/**
 * Scores features with the weights of a trained nlp.js network. nlp.js's own run() clips every output at 0,
 * so an unfamiliar message can score 0 everywhere; keeping the raw sums still says which label is closest.
 */
export class LinearScorer {
  private readonly featureIndex: Map<string, number>;
  private readonly labels: readonly string[];
  private readonly weights: readonly Float32Array[];
  private readonly biases: readonly number[];

  constructor(json: NeuralJson) {
    this.featureIndex = new Map(json.features.map((f, i) => [f, i]));
    this.labels = json.intents;
    this.weights = json.perceptrons.map((p) => Float32Array.from(p.slice(0, -1)));
    this.biases = json.perceptrons.map((p) => p[p.length - 1] ?? 0);
  }

  rawScores(features: Features): number[] {
    const indices: number[] = [];
    for (const key in features) {
      const i = this.featureIndex.get(key);
      if (i !== undefined) indices.push(i);
    }
    return this.weights.map((w, label) => indices.reduce((sum, i) => sum + (w[i] ?? 0), this.biases[label] ?? 0));
  }

  /**
   * Best first. When some output is positive: nlp.js's normalisation (squared positive outputs over their sum).
   * When none is: a softmax of the raw sums, capped at 0.5 so such guesses never look confident.
   */
  rank(features: Features): Ranked[] {
    const raw = this.rawScores(features);
    const positive = raw.map((s) => Math.max(0, s));
    const squaredTotal = positive.reduce((t, s) => t + s * s, 0);
    let scores: number[];
    if (squaredTotal > 0) {
      scores = positive.map((s) => (s * s) / squaredTotal);
    } else {
      const max = Math.max(...raw);
      const exp = raw.map((s) => Math.exp((s - max) * 10));
      const total = exp.reduce((t, e) => t + e, 0);
      scores = exp.map((e) => Math.min(0.5, e / total));
    }
    return this.labels.map((label, i) => ({ label, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score);
  }
}
