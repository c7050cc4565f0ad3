import type { NeuralJson } from '@nlpjs/neural';
import { compileCues, featurize } from './features.js';
import { LinearScorer, trainNetwork, type LabelledFeatures } from './network.js';
import { normalize } from './normalize.js';
import type { Corpus } from './corpus.js';

/** Bump when featurisation or training changes, so cached models from older code are not reused. */
export const MODEL_FORMAT = 'linli-nlu-6';

export interface TrainedModel {
  intent: NeuralJson;
  topic: NeuralJson;
}

export interface ModelScorers {
  intent: LinearScorer;
  topic: LinearScorer;
}

export interface SerializedModel {
  format: string;
  hash: string;
  intent: NeuralJson;
  topic: NeuralJson;
}

/**
 * Repeats the examples of smaller classes until every class has about as many as the largest, so the network's
 * biases do not simply follow how many lines each file happens to have.
 */
export function balanceClasses(samples: readonly LabelledFeatures[]): LabelledFeatures[] {
  const byLabel = new Map<string, LabelledFeatures[]>();
  for (const s of samples) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s]);
  const largest = Math.max(...[...byLabel.values()].map((group) => group.length));
  return [...byLabel.values()].flatMap((group) =>
    Array.from({ length: Math.round(largest / group.length) }, () => group).flat(),
  );
}

/** Two nlp.js networks: intent over all examples, FAQ topic over the inquiry questions. */
export function trainModel(corpus: Corpus): TrainedModel {
  const cues = compileCues(corpus.cueLexicons);
  const intentSamples = balanceClasses(
    corpus.examples.map((e) => ({ features: featurize(normalize(e.text).text, cues), label: e.intent })),
  );
  const topicSamples = corpus.faqs.flatMap((faq) =>
    faq.questions.map((q) => ({ features: featurize(normalize(q).text, cues), label: faq.topic })),
  );
  return { intent: trainNetwork(intentSamples), topic: trainNetwork(topicSamples) };
}

export function serializeModel(model: TrainedModel, hash: string): SerializedModel {
  return { format: MODEL_FORMAT, hash, intent: model.intent, topic: model.topic };
}

export function createScorers(model: TrainedModel): ModelScorers {
  return { intent: new LinearScorer(model.intent), topic: new LinearScorer(model.topic) };
}
