// Trains one nlp.js network per message, off the main thread (see trainNetworks in network.ts). Plain JavaScript so
// that it runs the same under tsx, vitest and node without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import neural from '@nlpjs/neural';
import { trainingOrder } from './sampling.mjs';

const { NeuralNetwork } = neural;

parentPort.on('message', ({ id, samples, settings, seed, dropout }) => {
  const network = new NeuralNetwork({ ...settings });
  network.train(trainingOrder(samples, seed, dropout).map((s) => ({ input: s.features, output: { [s.label]: 1 } })));
  parentPort.postMessage({ id, json: network.toJSON() });
});
