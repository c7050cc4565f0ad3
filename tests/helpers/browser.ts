import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { startWebServer, type RunningWeb } from '../../src/web/server.js';
import type { Harness } from '../foundation/harness.js';

/** Debian's Chromium (`apt-get install chromium fonts-noto-cjk`; .ci/run installs it), or CHROMIUM_PATH. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p)) ?? null;
}

export const CHROMIUM = findChromium();
/** The one line a run prints when there is no browser to test in. */
export function announceSkip(file: string): void {
  if (!CHROMIUM) console.log(`SKIPPED browser tests in ${file}: no Chromium found at /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH)`);
}

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** One Chromium per test file, with a fresh profile directory. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'linli-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM!, headless: true, args: ARGS, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15_000);
  return {
    context, page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The console of a running harness bot, on a free port, on the harness's database and clock. */
export async function consoleFor(h: Harness, env: Record<string, string> = {}): Promise<RunningWeb> {
  return startWebServer({
    db: h.db.db, config: loadConfig({ ...env, WEB_PORT: '0' }), clock: h.clock, log: h.log,
    wechat: () => ({ mode: env.WECHATY_PUPPET_SERVICE_TOKEN ? 'wechat' : 'simulator', loggedIn: true }), wake: () => h.core.wake(),
  });
}
