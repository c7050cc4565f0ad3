import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let dir: string | null = null;

/**
 * The trained model is cached in a temporary directory of this run (NLU_CACHE_DIR), never in
 * ./data/nlu of the working tree. Test workers and the processes tests start inherit it, so the
 * model is trained once per run (tests/helpers/nlu.ts) and loaded from there everywhere else.
 */
export function setup(): void {
  dir = mkdtempSync(path.join(tmpdir(), 'linli-test-nlu-'));
  process.env.NLU_CACHE_DIR = dir;
}

export function teardown(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
