import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/boot.js';
import { movedClusterId } from '../../src/db/embedded.js';
import { defaultCacheDir } from '../../src/nlu/index.js';
import { testClassifier } from '../helpers/simulate.js';
import { waitFor } from '../helpers/wait.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/**
 * `npm start` without a token or a terminal on DATA_DIR: waits until the console answers, checks that it is the
 * headless simulator with the database up, and returns the running process.
 */
async function startHeadless(dataDir: string) {
  const webPort = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), WEB_PORT: String(webPort), DATABASE_URL: '', WECHATY_PUPPET_SERVICE_TOKEN: '' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += String(d); });
  child.stderr.on('data', (d) => { err += String(d); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  await waitFor(() => err.includes(`staff console: http://127.0.0.1:${webPort}/`), { timeout: 30_000, what: () => `the console to open\n${out}\n${err}` });
  expect(out).not.toContain('Linli simulator'); // no prompt without a terminal
  const health = await fetch(`http://127.0.0.1:${webPort}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ database: 'up', wechat: { mode: 'simulator', loggedIn: true } });
  expect((await fetch(`http://127.0.0.1:${webPort}/login`)).status).toBe(200);
  return { child, stderr: () => err, exited };
}

describe('npm start without a token, then SIGTERM', () => {
  it('without a TTY runs the demo community headless and serves the console on an embedded database; on SIGTERM stops cleanly with the database', async () => {
    await testClassifier(); // makes sure a trained model is cached, so the child does not retrain
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linli-start-'));
    dirs.push(dataDir);
    chmodSync(dataDir, 0o755);
    cpSync(defaultCacheDir(), path.join(dataDir, 'nlu'), { recursive: true });
    const { child, stderr, exited } = await startHeadless(dataDir);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'linli.pid'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toContain('shutting down');
    // the embedded server is stopped and the data directory released
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'linli.pid'))).toBe(false);
  }, 60_000);

  // root's home is 0700: a clone there keeps its data directory out of the postgres user's reach
  it.runIf(process.getuid?.() === 0)('as root with DATA_DIR in a private (0700) directory, opens the simulator and stops cleanly on SIGTERM', async () => {
    await testClassifier();
    const priv = mkdtempSync(path.join(tmpdir(), 'linli-start-private-'));
    dirs.push(priv);
    chmodSync(priv, 0o700);
    const dataDir = path.join(priv, 'data');
    const pgDir = path.join('/var/lib/linli', movedClusterId(dataDir), 'pg');
    dirs.push(path.dirname(pgDir));
    cpSync(defaultCacheDir(), path.join(dataDir, 'nlu'), { recursive: true });
    const { child, stderr, exited } = await startHeadless(dataDir);
    expect(readFileSync(path.join(dataDir, 'pg-location'), 'utf8').trim()).toBe(pgDir);
    expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'linli.pid'))).toBe(true);
    expect(stderr()).toMatch(/"level":"info",.*"msg":"the database is in .*cannot reach/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'linli.pid'))).toBe(false);
  }, 60_000);

  it('refuses a bad configuration value with a message naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, SEND_MIN_GAP_MS: '10' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += String(d); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain('SEND_MIN_GAP_MS=10 is invalid');
  }, 60_000);
});
