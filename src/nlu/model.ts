import type { NeuralJson } from '@nlpjs/neural';
import { compileCues, messageFeatures } from './features.js';
import { LinearScorer, trainNetwork, type LabelledFeatures } from './network.js';
import type { Corpus } from './corpus.js';

/** Bump when featurisation or training changes, so cached models from older code are not reused. */
export const MODEL_FORMAT = 'linli-nlu-7';

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
 * Repeats the examples of smaller classes until every class has as many as the largest (whole copies, then an evenly
 * spread part of one more), so the network's biases do not follow how many lines each file happens to have. Rounding
 * to whole copies instead would let one edit to none.txt double a whole class.
 */
export function balanceClasses(samples: readonly LabelledFeatures[]): LabelledFeatures[] {
  const byLabel = new Map<string, LabelledFeatures[]>();
  for (const s of samples) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s]);
  const largest = Math.max(...[...byLabel.values()].map((group) => group.length));
  return [...byLabel.values()].flatMap((group) => {
    const copies = Math.floor(largest / group.length);
    const rest = largest - copies * group.length;
    const part = Array.from({ length: rest }, (_, i) => group[Math.floor((i * group.length) / rest)] as LabelledFeatures);
    return [...Array.from({ length: copies }, () => group).flat(), ...part];
  });
}

/** Two nlp.js networks: intent over all examples, FAQ topic over the inquiry questions. */
export function trainModel(corpus: Corpus): TrainedModel {
  const cues = compileCues(corpus.cueLexicons);
  const intentSamples = balanceClasses(
    corpus.examples.map((e) => ({ features: messageFeatures(e.text, cues).features, label: e.intent })),
  );
  const topicSamples = corpus.faqs.flatMap((faq) =>
    faq.questions.map((q) => ({ features: messageFeatures(q, cues).features, label: faq.topic })),
  );
  return { intent: trainNetwork(intentSamples), topic: trainNetwork(topicSamples) };
}

export function serializeModel(model: TrainedModel, hash: string): SerializedModel {
  return { format: MODEL_FORMAT, hash, intent: model.intent, topic: model.topic };
}

export function createScorers(model: TrainedModel): ModelScorers {
  return { intent: new LinearScorer(model.intent), topic: new LinearScorer(model.topic) };
}
