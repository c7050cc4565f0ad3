import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClassifier, defaultIntentsDir, type LoadedClassifier } from '../../src/nlu/index.js';

/** One classifier per test file, with its own cache dir so tests never touch ./data. */
export async function loadTestClassifier(): Promise<LoadedClassifier> {
  return loadClassifier({ cacheDir: mkdtempSync(join(tmpdir(), 'linli-nlu-cache-')) });
}

export function copyOfIntents(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'linli-intents-')), 'intents');
  cpSync(defaultIntentsDir(), dir, { recursive: true });
  return dir;
}
