import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { loadClassifier, type LoadedClassifier } from '../../src/nlu/index.js';
import { waitFor } from './wait.js';

const TRAINING_MS = 600_000;

let loaded: Promise<LoadedClassifier> | null = null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the training lock in `dir` (a file holding our pid); false while a live process holds it. */
function tryLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const holder = Number(readFileSync(lock, 'utf8').trim() || 0);
    if (holder && !alive(holder)) {
      try { unlinkSync(lock); } catch { /* someone else cleared it */ }
    }
    return false;
  }
}

async function load(): Promise<LoadedClassifier> {
  const cacheDir = process.env.NLU_CACHE_DIR;
  if (!cacheDir) throw new Error('NLU_CACHE_DIR is not set: run the tests with vitest (tests/setup/nlu-cache.ts sets it)');
  mkdirSync(cacheDir, { recursive: true });
  // Test files start in parallel: one trains, the others wait for its model instead of training too.
  const lock = join(cacheDir, 'training.lock');
  await waitFor(() => tryLock(lock), { timeout: TRAINING_MS, interval: 100, what: 'another test worker training the model' });
  try {
    return await loadClassifier({ cacheDir });
  } finally {
    unlinkSync(lock);
  }
}

/** The classifier trained from intents/, once per test run and once per file at most. */
export function sharedClassifier(): Promise<LoadedClassifier> {
  loaded ??= load();
  return loaded;
}

// A test file that uses the model (it imports this module) gets it before its first test, outside
// every test's time limit: the first such file of a run trains it (about 7 s, far longer on a
// busy machine), the others wait for that and then load it.
beforeAll(() => sharedClassifier(), TRAINING_MS);
