import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultIntentsDir, type LoadedClassifier } from '../../src/nlu/index.js';
import { sharedClassifier } from '../helpers/nlu.js';

/** The classifier trained from intents/, cached in the run's temporary NLU_CACHE_DIR (never ./data). */
export function loadTestClassifier(): Promise<LoadedClassifier> {
  return sharedClassifier();
}

export function copyOfIntents(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'linli-intents-')), 'intents');
  cpSync(defaultIntentsDir(), dir, { recursive: true });
  return dir;
}
