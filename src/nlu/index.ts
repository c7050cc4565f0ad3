import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClassifier } from './classifier.js';
import { loadCorpus } from './corpus.js';
import { hashDirectory } from './hash.js';
import { MODEL_FORMAT, createScorers, serializeModel, trainModel, type SerializedModel } from './model.js';
import type { Classifier } from './types.js';
import type { UrgencyThresholds } from './urgency.js';

export type { Classifier, Intent, Location, Script, Understanding } from './types.js';
export { INTENTS } from './types.js';
export { decide, effectiveIntent, DEFAULT_THRESHOLD, type Decision, type DecideOptions } from './decide.js';
export { detectScript, toScript, toSimplified } from './script.js';
export { cleanText, normalize, type Normalized } from './normalize.js';
export { DEFAULT_URGENCY_THRESHOLDS, type UrgencyLevel, type UrgencyThresholds } from './urgency.js';

export interface LoadOptions {
  /** default: <project>/intents */
  intentsDir?: string;
  /** default: $NLU_CACHE_DIR, else ${DATA_DIR:-./data}/nlu */
  cacheDir?: string;
  /** retrain even when a cached model for the same intents/ exists */
  forceTrain?: boolean;
  /** scores for 'urgent' and 'possibly' urgent (default DEFAULT_URGENCY_THRESHOLDS) */
  urgency?: UrgencyThresholds;
  log?: (s: string) => void;
}

export type LoadedClassifier = Classifier & { modelHash: string; trainedNow: boolean };

const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const MODEL_FILE = 'model.json';

export function defaultIntentsDir(): string {
  return join(PROJECT_ROOT, 'intents');
}

/** Where the trained model is cached: NLU_CACHE_DIR when set (the tests set it to a temporary directory), else DATA_DIR/nlu. */
export function defaultCacheDir(): string {
  const dir = process.env.NLU_CACHE_DIR?.trim();
  return dir ? resolve(dir) : join(resolve(process.env.DATA_DIR || './data'), 'nlu');
}

function readCachedModel(path: string, hash: string): SerializedModel | null {
  if (!existsSync(path)) return null;
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as SerializedModel;
    return json.format === MODEL_FORMAT && json.hash === hash ? json : null;
  } catch {
    return null;
  }
}

/** Loads the classifier, training it only when intents/ changed since the cached model was built. */
export async function loadClassifier(opts: LoadOptions = {}): Promise<LoadedClassifier> {
  const intentsDir = opts.intentsDir ?? defaultIntentsDir();
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const log = opts.log ?? (() => {});
  const corpus = loadCorpus(intentsDir);
  // intents/README.md documents the corpus and is not part of it: editing it retrains nothing
  const hash = hashDirectory(intentsDir, MODEL_FORMAT, (path) => path === 'README.md');
  const modelPath = join(cacheDir, MODEL_FILE);
  const cached = opts.forceTrain ? null : readCachedModel(modelPath, hash);
  if (cached) {
    log(`nlu: using cached model ${hash}`);
    return { ...createClassifier(createScorers(cached), corpus, opts.urgency), modelHash: hash, trainedNow: false };
  }
  const started = Date.now();
  const model = await trainModel(corpus);
  log(`nlu: trained model ${hash} on ${corpus.examples.length} examples in ${Date.now() - started} ms (${model.threads} threads)`);
  mkdirSync(cacheDir, { recursive: true });
  const tmpPath = `${modelPath}.${process.pid}.tmp`;
  writeFileSync(tmpPath, JSON.stringify(serializeModel(model, hash)));
  renameSync(tmpPath, modelPath);
  return { ...createClassifier(createScorers(model), corpus, opts.urgency), modelHash: hash, trainedNow: true };
}
