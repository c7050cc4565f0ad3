// nlp.js's NeuralNetwork trained over examples that are numbers already. Plain JavaScript, like train-worker.mjs.
//
// nlp.js keeps each prepared example as an object keyed by feature number and numbers the features by name; with tens
// of thousands of features and examples, building those objects and looking names up took longer than the training
// itself. This subclass takes the examples as packSamples packed them (sampling.mjs), numbers the features in the
// order nlp.js would (first seen in training order) with integer lookups, and runs nlp.js's training loop with the
// same arithmetic for each label in the same order: the same float32 weights, in less time.
import neural from '@nlpjs/neural';
import CorpusLookup from '@nlpjs/neural/src/corpus-lookup.js';
import Lookup from '@nlpjs/neural/src/lookup.js';
import { orderedExamples } from './sampling.mjs';

const { NeuralNetwork } = neural;

/**
 * nlp.js's Lookup over names numbered already. Its object from name to number, filled a string key at a time by add()
 * (a fifth of a second for a network's 130,000 features), is built when first read: toJSON reads only the names, and
 * only run() and explain() look a name up.
 */
function numberedLookup(items) {
  const lookup = new Lookup();
  lookup.items = items;
  let dict = null;
  Object.defineProperty(lookup, 'dict', {
    get: () => {
      if (!dict) {
        const full = new Lookup();
        for (const name of items) full.add(name);
        dict = full.dict;
      }
      return dict;
    },
    set: (value) => {
      dict = value;
    },
  });
  return lookup;
}

/** nlp.js's CorpusLookup over the features and labels as trainPacked numbered them. */
function corpusLookup(features, labels) {
  const lookup = new CorpusLookup();
  lookup.inputLookup = numberedLookup(features);
  lookup.outputLookup = numberedLookup(labels);
  lookup.numInputs = features.length;
  lookup.numOutputs = labels.length;
  return lookup;
}

/**
 * The training order's examples (orderedExamples: one flat array, read front to back on every pass) renumbered as
 * nlp.js numbers them — features and labels first seen, first numbered — with the names in that order.
 */
function prepared(packed, seed, dropout) {
  const { offsets, keys, labelOf } = orderedExamples(packed, seed, dropout);
  const featureOf = new Int32Array(packed.names.length).fill(-1);
  const features = [];
  const packedKeys = [];
  const labelAt = new Int32Array(packed.labels.length).fill(-1);
  const labels = [];
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j];
    if (featureOf[key] < 0) {
      featureOf[key] = features.length;
      features.push(packed.names[key]);
      packedKeys.push(key);
    }
    keys[j] = featureOf[key];
  }
  const expected = labelOf.map((label) => {
    if (labelAt[label] < 0) {
      labelAt[label] = labels.length;
      labels.push(packed.labels[label]);
    }
    return labelAt[label];
  });
  return { data: { offsets, keys, expected, length: expected.length }, features, packedKeys: Int32Array.from(packedKeys), labels };
}

export class PackedNeuralNetwork extends NeuralNetwork {
  /**
   * Trains on packed examples (packSamples), their dropout copies if asked for, in the order of `seed`. The loop and
   * its stopping rules are nlp.js's train(); only each pass is trainAll below.
   */
  trainPacked(packed, seed, dropout) {
    const { data, features, packedKeys, labels } = prepared(packed, seed, dropout);
    this.packedKeys = packedKeys;
    // nlp.js's own lookup over the same numbering, for what it reads after training (toJSON, run, explain)
    this.lookup = corpusLookup(features, labels);
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
   * toJSON with each label's weights and then its bias in one Float64Array, to post to the main thread by transfer (a
   * plain array of 100,000 numbers a label took the main thread most of a second to receive), made without toJSON's
   * plain arrays of every weight; with each feature's number among the packed samples' names (`packedKeys`), by which
   * networks trained on the same samples are averaged without looking their features up by name.
   */
  toTransferableJSON() {
    const { perceptrons } = this;
    // nlp.js's toJSON for the settings, features and labels, with no perceptrons to copy
    this.perceptrons = [];
    const json = this.toJSON();
    this.perceptrons = perceptrons;
    if (!json.features) return json;
    return {
      ...json,
      perceptrons: perceptrons.map(({ weights, bias }) => {
        const row = new Float64Array(weights.length + 1);
        row.set(weights);
        row[weights.length] = bias;
        return row;
      }),
      packedKeys: this.packedKeys,
    };
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
    const { offsets, keys, expected } = data;
    for (let i = 0; i < data.length; i += 1) {
      const from = offsets[i];
      const to = offsets[i + 1];
      const label = expected[i];
      for (let p = 0; p < n; p += 1) {
        const w = weights[p];
        let sum = bias[p];
        // every feature's value is 1 (Features in features.ts): nlp.js's value × weight and delta × value are exact without it
        for (let j = from; j < to; j += 1) sum += w[keys[j]];
        const actualOutput = sum <= 0 ? 0 : alpha * sum;
        // nlp.js's expected output: 1 for the example's label, 0 for the others
        const currentError = (p === label ? 1 : 0) - actualOutput;
        if (currentError) {
          errors[p] += currentError ** 2;
          const delta = (actualOutput > 0 ? 1 : alpha) * currentError * rate;
          const c = changes[p];
          for (let j = from; j < to; j += 1) {
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
