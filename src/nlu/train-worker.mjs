// Trains one nlp.js network per message, off the main thread (see trainNetworks in network.ts). Plain JavaScript so
// that it runs the same under tsx, vitest and node without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { PackedNeuralNetwork } from './packed-network.mjs';

parentPort.on('message', ({ id, samples, settings, seed, dropout }) => {
  const network = new PackedNeuralNetwork({ ...settings });
  network.trainPacked(samples, seed, dropout);
  // weights as typed arrays: a plain array of 100,000 numbers per label took the main thread most of a second to receive
  const json = network.toJSON();
  const perceptrons = json.perceptrons.map((weights) => Float64Array.from(weights));
  parentPort.postMessage({ id, json: { ...json, perceptrons } }, perceptrons.map((weights) => weights.buffer));
});
