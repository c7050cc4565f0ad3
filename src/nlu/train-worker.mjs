// Trains one nlp.js network per message, off the main thread (see trainNetworks in network.ts). Plain JavaScript so
// that it runs the same under tsx, vitest and node without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { PackedNeuralNetwork } from './packed-network.mjs';

parentPort.on('message', ({ id, samples, settings, seed, dropout }) => {
  const network = new PackedNeuralNetwork({ ...settings });
  network.trainPacked(samples, seed, dropout);
  const json = network.toTransferableJSON();
  parentPort.postMessage({ id, json }, [...json.perceptrons.map((weights) => weights.buffer), json.packedKeys.buffer]);
});
