// nlp.js's NeuralNetwork with its training loop over packed inputs. Plain JavaScript, like train-worker.mjs.
//
// nlp.js keeps each prepared sample's values in an object keyed by feature number; with tens of thousands of
// features V8 stores those as dictionaries, and building and reading them is most of the training time. This
// subclass numbers the features in the same order as nlp.js, packs every sample once into typed arrays and runs the
// same arithmetic in the same order: the same float32 weights (checked by the model hash), in less time.
import neural from '@nlpjs/neural';
import CorpusLookup from '@nlpjs/neural/src/corpus-lookup.js';
import { PackedFeatures } from './sampling.mjs';

const { NeuralNetwork } = neural;

/** nlp.js's feature and label numbering (first seen, first numbered), with a Map instead of an object to look up. */
function numbering(corpus, side) {
  const index = new Map();
  for (const sample of corpus) for (const key of namesOf(sample[side])) if (!index.has(key)) index.set(key, index.size);
  return index;
}

/** Inputs come as objects keyed by feature, or packed (PackedFeatures in sampling.mjs: names and values). */
function namesOf(input) {
  return input instanceof PackedFeatures ? input.names : Object.keys(input);
}

export class PackedNeuralNetwork extends NeuralNetwork {
  prepareCorpus(corpus) {
    const inputs = numbering(corpus, 'input');
    const outputs = numbering(corpus, 'output');
    // nlp.js's own lookup over the same numbering, for what it reads after training (toJSON, run, explain)
    this.lookup = new CorpusLookup([...inputs.keys()], [...outputs.keys()]);
    return corpus.map(({ input, output }) => {
      const isPacked = input instanceof PackedFeatures;
      const names = isPacked ? input.names : Object.keys(input);
      const keys = new Int32Array(names.length);
      const values = new Float64Array(names.length);
      names.forEach((name, i) => {
        keys[i] = inputs.get(name);
        values[i] = isPacked ? input.values[i] : input[name];
      });
      const expected = new Float64Array(outputs.size);
      for (const name of Object.keys(output)) expected[outputs.get(name)] = output[name];
      return { keys, values, expected };
    });
  }

  trainPerceptron(perceptron, data) {
    const { alpha, momentum } = this.settings;
    const { changes, weights } = perceptron;
    const rate = this.decayLearningRate;
    let error = 0;
    for (let i = 0; i < data.length; i += 1) {
      const { keys, values, expected } = data[i];
      let sum = perceptron.bias;
      for (let j = 0; j < keys.length; j += 1) sum += values[j] * weights[keys[j]];
      const actualOutput = sum <= 0 ? 0 : alpha * sum;
      const currentError = expected[perceptron.id] - actualOutput;
      if (currentError) {
        error += currentError ** 2;
        const delta = (actualOutput > 0 ? 1 : alpha) * currentError * rate;
        for (let j = 0; j < keys.length; j += 1) {
          const key = keys[j];
          const change = delta * values[j] + momentum * changes[key];
          changes[key] = change;
          weights[key] += change;
        }
        perceptron.bias += delta;
      }
    }
    return error;
  }
}
