/**
 * npm start — runs the bot. With WECHATY_PUPPET_SERVICE_TOKEN it logs in to WeChat through the
 * puppet service; without one it starts the local simulator (a mock WeChat in the terminal).
 */
import { configOrExit, openDatabase, type OpenedDatabase } from './boot.js';
import { createWechaty, wireWechaty, WechatyTransport } from './adapters/wechaty/bot.js';
import { systemClock } from './clock.js';
import { createCore, seedConfiguredStaff } from './core.js';
import { createLogger, type Logger } from './log.js';
import { loadClassifier } from './nlu/index.js';
import { startLive } from './runtime/live.js';
import { runSimulator } from './sim/terminal.js';
import type { Config } from './config.js';

async function showQr(qrcode: string): Promise<void> {
  process.stderr.write(`\nScan this QR code with the bot's WeChat account to log in:\nhttps://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}\n`);
  try {
    const { default: QR } = await import('qrcode');
    process.stderr.write((await QR.toString(qrcode, { type: 'terminal', small: true })) + '\n');
  } catch { /* the link above is enough */ }
}

async function runWechat(config: Config, database: OpenedDatabase, log: Logger): Promise<() => Promise<void>> {
  const classifier = await loadClassifier({ log: (s) => log.info(s) });
  const bot = createWechaty({ name: 'linli', config });
  const core = createCore({
    config, clock: systemClock, log, db: database.db, classifier,
    transport: new WechatyTransport(bot), random: Math.random, account: 'wechat',
  });
  const loggedIn = new Promise<void>((resolve) => {
    wireWechaty(bot, core.intake, systemClock, config, log, {
      onScan: (qr) => void showQr(qr),
      onLogin: () => resolve(),
    });
  });
  await bot.start();
  log.info('waiting for the WeChat login');
  await loggedIn;
  const runtime = await startLive(core);
  log.info('Linli is running');
  return async () => {
    await runtime.stop();
    await bot.stop(); // never logout(): that would end the WeChat session for good
  };
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel);
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

  let stopBot: () => Promise<void>;
  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { why });
    try {
      await stopBot?.();
    } catch (e) {
      log.error('error while stopping', { e });
    }
    await database.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.puppet.token) {
    stopBot = await runWechat(config, database, log);
  } else {
    log.info('no WECHATY_PUPPET_SERVICE_TOKEN: starting the local simulator');
    const classifier = await loadClassifier({ log: (s) => log.info(s) });
    const sim = await runSimulator({ config, db: database.db, classifier, log });
    stopBot = sim.stop;
    await sim.done;
    await shutdown('simulator closed');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Linli failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
