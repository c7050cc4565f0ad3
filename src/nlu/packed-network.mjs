// nlp.js's NeuralNetwork trained over examples that are numbers already. Plain JavaScript, like train-worker.mjs.
//
// nlp.js keeps each prepared example as an object keyed by feature number and numbers the features by name; with tens
// of thousands of features and examples, building those objects and looking names up took longer than the training
// itself. This subclass takes the examples as packSamples packed them (sampling.mjs), numbers the features in the
// order nlp.js would (first seen in training order) with integer lookups, and runs nlp.js's training loop with the
// same arithmetic for each label in the same order: the same float32 weights, in less time.
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
  /**
   * Trains on packed examples (packSamples), their dropout copies if asked for, in the order of `seed`. The loop and
   * its stopping rules are nlp.js's train(); only each pass is trainAll below.
   */
  trainPacked(packed, seed, dropout) {
    const { data, features, labels } = prepared(packed, trainingOrder(packed, seed, dropout));
    // nlp.js's own lookup over the same numbering, for what it reads after training (toJSON, run, explain)
    this.lookup = new CorpusLookup(features, labels);
    if (!data.length) return {};
    this.status = { error: Infinity, deltaError: Infinity, iterations: 0 };
    this.verifyIsInitialized();
    const { iterations, errorThresh, deltaErrorThresh, learningRate } = this.settings;
    while (this.status.iterations < iterations && this.status.error > errorThresh && this.status.deltaError > deltaErrorThresh) {
      this.status.iterations += 1;
      this.decayLearningRate = learningRate / (1 + 0.001 * this.status.iterations);
      const lastError = this.status.error;
      this.status.error = 0;
      for (const e of this.trainAll(data)) this.status.error += e;
      this.status.error /= this.numPerceptrons * data.length;
      this.status.deltaError = Math.abs(this.status.error - lastError);
    }
    return this.status;
  }

  /**
   * One pass of nlp.js's trainPerceptron for every label at once: each example is read once a pass instead of once a
   * label (alone on a core, the urgency network trained in 0.9 s instead of 1.0–1.2 s; the intent network took the
   * same 0.95 s). The labels' perceptrons share nothing, so each sees the same sums and updates in the same order as
   * when trained one after another; the errors are returned per label, to be added up in label order as nlp.js does.
   */
  trainAll(data) {
    const { alpha, momentum } = this.settings;
    const rate = this.decayLearningRate;
    const n = this.perceptrons.length;
    const weights = this.perceptrons.map((p) => p.weights);
    const changes = this.perceptrons.map((p) => p.changes);
    const bias = Float64Array.from(this.perceptrons, (p) => p.bias);
    const errors = new Float64Array(n);
    for (let i = 0; i < data.length; i += 1) {
      const { keys, expected } = data[i];
      for (let p = 0; p < n; p += 1) {
        const w = weights[p];
        let sum = bias[p];
        // every feature's value is 1 (Features in features.ts): nlp.js's value × weight and delta × value are exact without it
        for (let j = 0; j < keys.length; j += 1) sum += w[keys[j]];
        const actualOutput = sum <= 0 ? 0 : alpha * sum;
        const currentError = expected[p] - actualOutput;
        if (currentError) {
          errors[p] += currentError ** 2;
          const delta = (actualOutput > 0 ? 1 : alpha) * currentError * rate;
          const c = changes[p];
          for (let j = 0; j < keys.length; j += 1) {
            const key = keys[j];
            const change = delta + momentum * c[key];
            c[key] = change;
            w[key] += change;
          }
          bias[p] += delta;
        }
      }
    }
    this.perceptrons.forEach((p, k) => {
      p.bias = bias[k];
    });
    return errors;
  }
}
