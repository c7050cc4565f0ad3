import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { NeuralJson } from '@nlpjs/neural';
import type { Features } from './features.js';
import { PackedNeuralNetwork, type TrainedNetwork } from './packed-network.mjs';
import { packSamples, type Dropout, type PackedSamples } from './sampling.mjs';

export interface Ranked {
  label: string;
  score: number;
}

export interface LabelledFeatures {
  features: Features;
  label: string;
}

export interface TrainingSettings {
  iterations: number;
  errorThresh: number;
  deltaErrorThresh: number;
  /** nlp.js's default is 0.6 */
  learningRate?: number;
}

export const TRAINING_SETTINGS: Readonly<TrainingSettings> = { iterations: 400, errorThresh: 0.0005, deltaErrorThresh: 0.000005 };
/**
 * nlp.js trains online, one sample at a time, so the order of the samples matters: in file order (all repair, then
 * all complaint, …) the last label seen wins close calls, and small corpus edits swing the result. Each network is
 * trained on a differently shuffled copy and their weights are averaged into one (exact for these linear scorers).
 */
export const ENSEMBLE_SEEDS: readonly number[] = [12345, 20261, 28183];

function trainOne(task: Task): TrainedNetwork {
  const network = new PackedNeuralNetwork({ ...task.settings });
  network.trainPacked(task.samples, task.seed, task.dropout);
  return network.toTransferableJSON();
}

/**
 * One network whose weights are the mean of the given ones, matched by feature (each network numbers its features in
 * its own training order), in the order first seen. The networks of a job were trained on the same packed samples, so
 * a feature is matched by its number among their names: looking 130,000 names up a network took longer than the
 * averaging.
 */
function averageNetworks(nets: readonly TrainedNetwork[]): NeuralJson {
  const first = nets[0] as TrainedNetwork;
  let names = 0;
  for (const net of nets) for (const key of net.packedKeys) names = Math.max(names, key + 1);
  const positionOf = new Int32Array(names).fill(-1);
  const features: string[] = [];
  const positions = nets.map(({ packedKeys, features: own }) => {
    const position = new Int32Array(packedKeys.length);
    for (let fi = 0; fi < packedKeys.length; fi++) {
      const key = packedKeys[fi] as number;
      if ((positionOf[key] as number) < 0) {
        positionOf[key] = features.length;
        features.push(own[fi] as string);
      }
      position[fi] = positionOf[key] as number;
    }
    return position;
  });
  const intents = first.intents;
  const perceptrons = intents.map(() => new Array<number>(features.length + 1).fill(0));
  nets.forEach((net, n) => {
    const position = positions[n] as Int32Array;
    intents.forEach((label, li) => {
      const src = net.perceptrons[net.intents.indexOf(label)] ?? [];
      const dst = perceptrons[li] as number[];
      for (let fi = 0; fi < position.length; fi++) {
        const di = position[fi] as number;
        dst[di] = (dst[di] ?? 0) + (src[fi] ?? 0) / nets.length;
      }
      dst[features.length] = (dst[features.length] ?? 0) + (src[src.length - 1] ?? 0) / nets.length;
    });
  });
  return { settings: first.settings, features, intents, perceptrons };
}

/** Trains nlp.js NeuralNetworks (one perceptron per label) on shuffled copies and returns their average as JSON. */
export function trainNetwork(samples: readonly LabelledFeatures[], settings: Readonly<TrainingSettings> = TRAINING_SETTINGS): NeuralJson {
  const packed = packSamples(samples);
  return averageNetworks(ENSEMBLE_SEEDS.map((seed, id) => trainOne({ id, samples: packed, settings, seed, cost: 0 })));
}

export interface NetworkJob {
  /**
   * The examples, or a function that builds them: such jobs are built on this thread in the order given, each posted
   * to the workers as soon as it is built, while they start up and train what came before (featurising the intent
   * examples takes seconds; the workers need not wait for it, nor the intent network for the urgency examples).
   */
  samples: readonly LabelledFeatures[] | (() => readonly LabelledFeatures[]);
  settings?: Readonly<TrainingSettings>;
  /** the shuffles averaged (default ENSEMBLE_SEEDS) */
  seeds?: readonly number[];
  /** copies of the examples with part of their features hidden, made by the thread that trains (sampling.mjs) */
  dropout?: Dropout;
  /** features fewer distinct examples hold are left out (packSamples in sampling.mjs) */
  minHeld?: number | ((feature: string) => number);
  /** what is made of the averaged network, as soon as it is trained */
  finish?: (network: NeuralJson) => NeuralJson;
}

interface Task {
  id: number;
  /** in corpus order, packed once for all of a job's tasks: the thread that trains adds the dropout copies and shuffles by the seed */
  samples: PackedSamples;
  settings: Readonly<TrainingSettings>;
  seed: number;
  dropout?: Dropout;
  /** every feature of every sample visited on every pass: what the task roughly costs */
  cost: number;
}

/** Features of all samples, a repeated sample counted each time it is repeated. */
function featureCount({ offsets, sampleOf }: PackedSamples): number {
  let count = 0;
  for (const d of sampleOf) count += (offsets[d + 1] as number) - (offsets[d] as number);
  return count;
}

function runOn(worker: Worker, task: Task): Promise<TrainedNetwork> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    const onMessage = (m: { json: TrainedNetwork }) => { settle(); resolve(m.json); };
    const onError = (e: Error) => { settle(); reject(e); };
    const onExit = (code: number) => { settle(); reject(new Error(`training worker exited with ${code}`)); };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ id: task.id, samples: task.samples, settings: task.settings, seed: task.seed, dropout: task.dropout });
  });
}

/**
 * The costliest task first. (Counting samples alone put the urgency network's dropout copies, part of their features
 * hidden, ahead of the intent network, and one thread trained both while the other trained the small FAQ networks.)
 */
function costliestFirst(queue: Task[]): void {
  queue.sort((a, b) => b.cost - a.cost);
}

/**
 * Runs the tasks on `threads` worker threads, the costliest waiting task first. The workers start at once; each of
 * `later` then builds more tasks on this thread, one after another, and its tasks are posted as soon as it returns,
 * so the workers start up and train while the next examples are built. `onTrained` is told of every task trained.
 * Rejects when a worker cannot be started or fails, or a builder throws.
 */
async function trainOnWorkers(
  first: Task[],
  later: readonly (() => Task[])[],
  threads: number,
  onTrained: (results: ReadonlyMap<number, TrainedNetwork>) => void,
): Promise<Map<number, TrainedNetwork>> {
  const queue = [...first];
  costliestFirst(queue);
  const results = new Map<number, TrainedNetwork>();
  const workers: Worker[] = [];
  let built = false;
  let wake = () => {};
  let more = new Promise<void>((resolve) => { wake = resolve; });
  const announce = () => {
    const waiting = wake;
    more = new Promise<void>((resolve) => { wake = resolve; });
    waiting();
  };
  const work = async () => {
    const worker = new Worker(new URL('./train-worker.mjs', import.meta.url));
    workers.push(worker);
    for (;;) {
      const task = queue.shift();
      if (task) {
        results.set(task.id, await runOn(worker, task));
        onTrained(results);
      } else if (!built) await more;
      else return;
    }
  };
  try {
    const running = Array.from({ length: threads }, work);
    let failure: { error: unknown } | null = null;
    try {
      for (const build of later) {
        // lets the workers pick up what is queued before this thread is busy again
        await new Promise((resolve) => setImmediate(resolve));
        queue.push(...build());
        costliestFirst(queue);
        announce();
      }
    } catch (error) {
      failure = { error };
      queue.length = 0;
    }
    built = true;
    announce();
    const settled = await Promise.allSettled(running);
    if (failure) throw failure.error;
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * trainNetwork for several networks at once, their shuffled copies spread over the machine's cores (worker threads):
 * the same weights as training them one after another, in a fraction of the time. Falls back to this thread when
 * worker threads are not available.
 */
export async function trainNetworks(jobs: readonly NetworkJob[]): Promise<{ networks: NeuralJson[]; threads: number }> {
  const seedsOf = (job: NetworkJob) => job.seeds ?? ENSEMBLE_SEEDS;
  const firstId = jobs.map((_, j) => jobs.slice(0, j).reduce((n, job) => n + seedsOf(job).length, 0));
  const tasksOf = (j: number, samples: readonly LabelledFeatures[]): Task[] => {
    const job = jobs[j] as NetworkJob;
    const settings = job.settings ?? TRAINING_SETTINGS;
    const packed = packSamples(samples, job.minHeld);
    const copies = job.dropout ? 1 + job.dropout.copies * (1 - job.dropout.drop) : 1;
    const cost = featureCount(packed) * copies * settings.iterations;
    return seedsOf(job).map((seed, k) => ({ id: (firstId[j] as number) + k, samples: packed, settings, seed, dropout: job.dropout, cost }));
  };
  const ready = jobs.flatMap((job, j) => (typeof job.samples === 'function' ? [] : tasksOf(j, job.samples)));
  // each job's examples built once, whether the workers train them or, when they cannot start, this thread does
  const builders = jobs.flatMap((job, j) => {
    const samples = job.samples;
    if (typeof samples !== 'function') return [];
    let tasks: Task[] | null = null;
    return [() => (tasks ??= tasksOf(j, samples()))];
  });
  const threads = Math.min(jobs.reduce((n, job) => n + seedsOf(job).length, 0), availableParallelism());
  let networks: (NeuralJson | null)[] = jobs.map(() => null);
  // a job's networks averaged and finished as soon as all are trained: on this thread, while the workers train the rest
  const finishTrained = (trained: ReadonlyMap<number, TrainedNetwork>) => {
    jobs.forEach((job, j) => {
      const nets = seedsOf(job).map((_s, k) => trained.get((firstId[j] as number) + k));
      if (networks[j] || !nets.every((net) => net !== undefined)) return;
      const averaged = averageNetworks(nets as TrainedNetwork[]);
      networks[j] = job.finish ? job.finish(averaged) : averaged;
    });
  };
  let trained: Map<number, TrainedNetwork> | null = null;
  if (threads > 1) trained = await trainOnWorkers(ready, builders, threads, finishTrained).catch(() => null);
  const used = trained ? threads : 1;
  if (!trained) {
    networks = jobs.map(() => null);
    finishTrained(new Map([...ready, ...builders.flatMap((build) => build())].map((t) => [t.id, trainOne(t)])));
  }
  return { networks: networks as NeuralJson[], threads: used };
}

/**
 * Scores features with the weights of a trained nlp.js network. nlp.js's own run() clips every output at 0,
 * so an unfamiliar message can score 0 everywhere; keeping the raw sums still says which label is closest.
 */
export class LinearScorer {
  private readonly featureIndex: Map<string, number>;
  readonly labels: readonly string[];
  private readonly weights: readonly Float32Array[];
  private readonly biases: readonly number[];

  constructor(json: NeuralJson) {
    this.featureIndex = new Map(json.features.map((f, i) => [f, i]));
    this.labels = json.intents;
    this.weights = json.perceptrons.map((p) => Float32Array.from(p.slice(0, -1)));
    this.biases = json.perceptrons.map((p) => p[p.length - 1] ?? 0);
  }

  rawScores(features: Features): number[] {
    const indices: number[] = [];
    for (const key of features) {
      const i = this.featureIndex.get(key);
      if (i !== undefined) indices.push(i);
    }
    return this.weights.map((w, label) => indices.reduce((sum, i) => sum + (w[i] ?? 0), this.biases[label] ?? 0));
  }

  /**
   * Best first. When some output is positive: nlp.js's normalisation (squared positive outputs over their sum).
   * When none is: a softmax of the raw sums, capped at 0.5 so such guesses never look confident.
   */
  rank(features: Features): Ranked[] {
    const raw = this.rawScores(features);
    const positive = raw.map((s) => Math.max(0, s));
    const squaredTotal = positive.reduce((t, s) => t + s * s, 0);
    let scores: number[];
    if (squaredTotal > 0) {
      scores = positive.map((s) => (s * s) / squaredTotal);
    } else {
      const max = Math.max(...raw);
      const exp = raw.map((s) => Math.exp((s - max) * 10));
      const total = exp.reduce((t, e) => t + e, 0);
      scores = exp.map((e) => Math.min(0.5, e / total));
    }
    return this.labels.map((label, i) => ({ label, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score);
  }
}
