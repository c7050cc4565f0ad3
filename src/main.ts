/**
 * npm start — runs the bot. With WECHATY_PUPPET_SERVICE_TOKEN it logs in to WeChat through the
 * puppet service; without one it starts the local simulator (a mock WeChat in the terminal).
 */
import { configOrExit, openDatabase, type OpenedDatabase } from './boot.js';
import { createBot } from './bot.js';
import { systemClock } from './clock.js';
import { seedConfiguredStaff } from './core.js';
import { createLogger, type Logger } from './log.js';
import { loadClassifier } from './nlu/index.js';
import { startLive } from './runtime/live.js';
import { serveMetrics } from './ops/metrics.js';
import { runSimulator } from './sim/terminal.js';
import type { Config } from './config.js';
import type { Core } from './core.js';
import { startWebServer, type WechatState } from './web/server.js';

async function showQr(qrcode: string): Promise<void> {
  process.stderr.write(`\nScan this QR code with the bot's WeChat account to log in:\nhttps://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}\n`);
  try {
    const { default: QR } = await import('qrcode');
    process.stderr.write((await QR.toString(qrcode, { type: 'terminal', small: true })) + '\n');
  } catch { /* the link above is enough */ }
}

/**
 * What has started so far, stopped in reverse order at shutdown. A signal that arrives while a
 * step is starting waits for that step, so nothing is left running against a closed database.
 */
class Lifecycle {
  private readonly stops: (() => Promise<void>)[] = [];
  private starting: Promise<unknown> = Promise.resolve();
  stopping = false;

  async step<T>(start: () => Promise<T>, stop?: (started: T) => Promise<void>): Promise<T> {
    const p = start();
    this.starting = p.catch(() => {});
    const started = await p;
    if (stop) this.stops.push(() => stop(started));
    return started;
  }

  async stopAll(log: Logger): Promise<void> {
    this.stopping = true;
    await this.starting;
    for (const stop of this.stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log.error('error while stopping', { e });
      }
    }
  }
}

/** The staff console on WEB_HOST:WEB_PORT, served by this process until shutdown. */
async function startConsole(config: Config, database: OpenedDatabase, log: Logger, life: Lifecycle, core: Core, wechat: () => WechatState): Promise<void> {
  const web = await life.step(
    () => startWebServer({ db: database.db, config, clock: systemClock, log, wechat, wake: () => core.wake() }),
    (w) => w.stop(),
  );
  log.info(`staff console: ${web.url}/ (sign in by sending the code shown there to the bot privately)`);
}

async function runWechat(config: Config, database: OpenedDatabase, log: Logger, life: Lifecycle): Promise<void> {
  const classifier = await life.step(() => loadClassifier({ log: (s) => log.info(s), urgency: config.urgency }));
  let loggedIn!: () => void;
  const state: WechatState = { mode: 'wechat', loggedIn: false };
  const login = new Promise<void>((resolve) => { loggedIn = resolve; });
  const { wechaty: bot, core } = createBot({
    name: 'linli', account: config.account, config, clock: systemClock, log, db: database.db, classifier, random: Math.random,
    hooks: { onScan: (qr) => void showQr(qr), onLogin: () => { state.loggedIn = true; loggedIn(); } },
  });
  await startConsole(config, database, log, life, core, () => state);
  // never logout(): that would end the WeChat session for good
  await life.step(() => bot.start(), () => bot.stop());
  log.info('waiting for the WeChat login');
  await login;
  if (life.stopping) return;
  await life.step(() => startLive(core), (runtime) => runtime.stop());
  if (config.metricsPort !== null) {
    const port = config.metricsPort;
    const served = await life.step(() => serveMetrics(core.metrics.registry, port), (s) => s.close());
    log.info('metrics served', { url: `http://127.0.0.1:${served.port}/metrics` });
  }
  log.info('Linli is running', { account: config.account });
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel, undefined, config.logFormat);
  const started = Date.now();
  let database: OpenedDatabase;
  try {
    database = await openDatabase(config, log);
  } catch (e) {
    process.stderr.write(`Cannot open the database: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  await seedConfiguredStaff(database.db, config, new Date());
  log.info('database ready', { embedded: database.embedded, ms: Date.now() - started });

  const life = new Lifecycle();
  const shutdown = async (why: string) => {
    if (life.stopping) return;
    log.info('shutting down', { why });
    await life.stopAll(log);
    await database.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.puppet.token) {
    await runWechat(config, database, log, life);
  } else {
    // without a terminal (systemd, a container) the demo community runs headless and the console is the way in
    const headless = !process.stdin.isTTY;
    log.info(`no WECHATY_PUPPET_SERVICE_TOKEN: starting the local simulator${headless ? ' headless (no TTY): open the console' : ''}`);
    const classifier = await life.step(() => loadClassifier({ log: (s) => log.info(s), urgency: config.urgency }));
    const sim = await life.step(() => runSimulator({ config, db: database.db, classifier, log, headless }), (s) => s.stop());
    await startConsole(config, database, log, life, sim.core, () => ({ mode: 'simulator', loggedIn: true }));
    await sim.done;
    await shutdown('simulator closed');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Linli failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
