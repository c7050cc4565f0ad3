// nlp.js's NeuralNetwork trained over examples that are numbers already. Plain JavaScript, like train-worker.mjs.
//
// nlp.js keeps each prepared example as an object keyed by feature number and numbers the features by name; with tens
// of thousands of features and examples, building those objects and looking names up took longer than the training
// itself. This subclass takes the examples as packSamples packed them (sampling.mjs), numbers the features in the
// order nlp.js would (first seen in training order) with integer lookups, and runs nlp.js's own training loop with the
// same arithmetic in the same order: the same float32 weights, in less time.
import neural from '@nlpjs/neural';
import CorpusLookup from '@nlpjs/neural/src/corpus-lookup.js';
import { trainingOrder } from './sampling.mjs';

const { NeuralNetwork } = neural;

/**
 * The training order's examples renumbered as nlp.js numbers them — features and labels first seen, first numbered —
 * with the names in that order. A view shared by repeated examples is renumbered once.
 */
function prepared(packed, order) {
  const featureOf = new Int32Array(packed.names.length).fill(-1);
  const features = [];
  const labelOf = new Int32Array(packed.labels.length).fill(-1);
  const labels = [];
  for (const { keys, label } of order) {
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      if (featureOf[key] < 0) {
        featureOf[key] = features.length;
        features.push(packed.names[key]);
      }
    }
    if (labelOf[label] < 0) {
      labelOf[label] = labels.length;
      labels.push(packed.labels[label]);
    }
  }
  const expected = labels.map((_, l) => {
    const row = new Float64Array(labels.length);
    row[l] = 1;
    return row;
  });
  // each example's arrays are made afresh in training order, next to each other in memory: read in that order on
  // every pass, this trained a third faster than views into the packed arrays or copies made in dropout order
  const renumbered = new Map();
  const data = order.map(({ keys, label }) => {
    let local = renumbered.get(keys);
    if (!local) {
      local = keys.map((key) => featureOf[key]);
      renumbered.set(keys, local);
    }
    return { keys: local, expected: expected[labelOf[label]] };
  });
  return { data, features, labels };
}

export class PackedNeuralNetwork extends NeuralNetwork {
  /** Trains on packed examples (packSamples), their dropout copies if asked for, in the order of `seed`. */
  trainPacked(packed, seed, dropout) {
    const { data, features, labels } = prepared(packed, trainingOrder(packed, seed, dropout));
    // nlp.js's own lookup over the same numbering, for what it reads after training (toJSON, run, explain)
    this.lookup = new CorpusLookup(features, labels);
    this.preparedData = data;
    try {
      // nlp.js's train() looks at the last example of the corpus it is given before preparing it; the prepared data
      // stands in for that corpus (prepareCorpus below)
      return this.train(data.length ? [{ input: {}, output: {} }] : []);
    } finally {
      this.preparedData = undefined;
    }
  }

  prepareCorpus(corpus) {
    return this.preparedData ?? super.prepareCorpus(corpus);
  }

  trainPerceptron(perceptron, data) {
    const { alpha, momentum } = this.settings;
    const { changes, weights } = perceptron;
    const rate = this.decayLearningRate;
    let error = 0;
    for (let i = 0; i < data.length; i += 1) {
      const { keys, expected } = data[i];
      let sum = perceptron.bias;
      // every feature's value is 1 (Features in features.ts): nlp.js's value × weight and delta × value are exact without it
      for (let j = 0; j < keys.length; j += 1) sum += weights[keys[j]];
      const actualOutput = sum <= 0 ? 0 : alpha * sum;
      const currentError = expected[perceptron.id] - actualOutput;
      if (currentError) {
        error += currentError ** 2;
        const delta = (actualOutput > 0 ? 1 : alpha) * currentError * rate;
        for (let j = 0; j < keys.length; j += 1) {
          const key = keys[j];
          const change = delta + momentum * changes[key];
          changes[key] = change;
          weights[key] += change;
        }
        perceptron.bias += delta;
      }
    }
    return error;
  }
}
