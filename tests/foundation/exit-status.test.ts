import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VITEST = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
const CONFIG = 'tests/fixtures/exit-status/vitest.config.ts';

interface Run { code: number | null; signal: NodeJS.Signals | null; output: string }

/**
 * vitest in a child process on one fixture check, with the suite's global setup. The child gets
 * none of this run's vitest or CI variables (it must not write this run's JSON report).
 */
function runVitest(check: string, env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
    !k.startsWith('VITEST') && k !== 'CI' && k !== 'DATABASE_URL' && k !== 'NODE_ENV' && k !== 'TEST'));
  const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG, `tests/fixtures/exit-status/${check}`], {
    cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
}

describe('the exit status of a test run', () => {
  it('is not 0 when a test fails, with the embedded server started in the vitest process', async () => {
    const run = await runVitest('failing.check.ts');
    expect(run.output).toMatch(/1 failed/);
    expect(run.signal, run.output).toBeNull();
    expect(run.code, run.output).not.toBe(0);
  }, 120_000);

  it('is 0 when every test passes, with the embedded server', async () => {
    const run = await runVitest('passing.check.ts');
    expect(run.output).toMatch(/1 passed/);
    expect(run.code, run.output).toBe(0);
  }, 120_000);

  it('is not 0 when a test fails on a DATABASE_URL server (npm run test:db)', async () => {
    const run = await runVitest('failing.check.ts', { DATABASE_URL: inject('pgServerUrl') });
    expect(run.output).toMatch(/1 failed/);
    expect(run.code, run.output).not.toBe(0);
  }, 120_000);
});
