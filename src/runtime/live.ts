import cron from 'node-cron';
import type { Core } from '../core.js';

export interface LiveRuntime {
  /** stop taking work, let what is in flight finish */
  stop(): Promise<void>;
}

const POLL_MS = 5000;
/** NOTIFY channel: something was queued in the outbox */
export const OUTBOX_CHANNEL = 'linli_outbox';
const MAX_SLEEP_MS = 30_000;

/**
 * The production loops: messages are processed as they are recorded (and re-polled, so rows
 * left by a crash or a database outage are picked up), the send queue drains on its own
 * schedule, and node-cron ticks the timed jobs every minute. All state is in PostgreSQL.
 */
export async function startLive(core: Core): Promise<LiveRuntime> {
  const { svc } = core;
  let running = true;
  let wake: (() => void) | null = null;
  const wakeSender = () => { wake?.(); };
  core.onQueued(wakeSender);
  // Rows this process queues may be another account's to send, and theirs ours: every process
  // that shares the database is woken when anything is queued.
  const listening = await svc.db.$client.listen(OUTBOX_CHANNEL, () => wakeSender());
  const announce = () => { void svc.db.$client.notify(OUTBOX_CHANNEL, svc.config.account).catch(() => {}); };
  core.onQueued(announce);

  // This process's claims on outbox rows are tied to a connection it keeps for its whole life.
  const lease = await svc.db.$client.reserve();
  const [self] = await lease<{ pid: number }[]>`select pg_backend_pid() as pid`;
  core.sender.setClaimer(self?.pid ?? null);
  await core.sender.recoverInFlight();

  // the account's heartbeat; every live account also rebalances, so a stopped one's groups move within a minute
  await core.presence.login(null);
  const upkeep = async () => {
    try {
      await core.presence.beat();
      const r = await core.presence.rebalance();
      // a send another account was making when it died is reported, not left holding its group
      if (r.moved.length) await core.sender.recoverInFlight();
      if (r.moved.length || r.restored.length || r.unserved.length) { wakeSender(); announce(); }
    } catch (e) {
      svc.log.error('account heartbeat failed', { e });
    }
  };
  await upkeep();
  const heartbeat = setInterval(() => { void upkeep(); }, core.presence.heartbeatMs);

  let processing: Promise<unknown> = Promise.resolve();
  const processPending = () => {
    processing = processing.then(() => core.drainMessages());
    return processing;
  };
  // the poll also picks up downloads due for a retry (and any left by a crash) between cron ticks
  const poll = setInterval(() => { void core.recorder.flush(); void processPending(); core.media.kick(); }, POLL_MS);

  let jobsRunning: Promise<void> | null = null;
  const tick = () => {
    jobsRunning ??= (async () => {
      const now = svc.clock.now();
      await core.sender.recoverInFlight().catch((e) => svc.log.error('outbox recovery failed', { e }));
      for (const job of core.jobs) {
        try {
          const due = await job.nextDueAt(svc, now);
          if (due && due <= now) await job.run(svc, now);
        } catch (e) {
          svc.log.error(`job ${job.name} failed`, { e });
        }
      }
      wakeSender();
      announce();
    })().finally(() => { jobsRunning = null; });
    return jobsRunning;
  };
  const cronTask = cron.schedule('* * * * *', () => { void tick(); }, { timezone: svc.config.timezone });

  const senderLoop = (async () => {
    while (running) {
      let nextAt: Date | null = null;
      try {
        const r = await core.sender.sendNext();
        if (r.attempted) continue;
        nextAt = r.nextAt;
      } catch (e) {
        svc.log.error('send queue error; retrying', { e });
      }
      const wait = nextAt ? Math.min(MAX_SLEEP_MS, Math.max(50, nextAt.getTime() - svc.clock.now().getTime())) : MAX_SLEEP_MS;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        wake = () => { clearTimeout(t); resolve(); };
      });
      wake = null;
    }
  })();

  await processPending();
  core.media.kick();
  void tick();

  return {
    async stop() {
      running = false;
      clearInterval(poll);
      clearInterval(heartbeat);
      await cronTask.stop();
      core.recorder.stop();
      wakeSender();
      await processing;
      await jobsRunning;
      await core.media.idle();
      await senderLoop;
      await listening.unlisten().catch(() => {});
      lease.release();
    },
  };
}
