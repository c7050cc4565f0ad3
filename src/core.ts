import { eq } from 'drizzle-orm';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/connect.js';
import { contacts, rooms, staff } from './db/schema.js';
import type { Job } from './domain/jobs.js';
import type { Logger } from './log.js';
import type { Classifier } from './nlu/types.js';
import { PRIORITY } from './outbox/enqueue.js';
import { Outbound } from './outbox/outbound.js';
import { OutboxSender, type OutboxRow, type Transport } from './outbox/sender.js';
import { compose } from './domain/context.js';
import type { Services } from './domain/types.js';
import { allJobs, buildHandlers } from './pipeline/handlers.js';
import { MessageRecorder } from './pipeline/recorder.js';
import { MessageProcessor } from './pipeline/processor.js';
import { MessageWorkers } from './pipeline/workers.js';
import { MediaFetcher } from './media/fetcher.js';
import { mediaJobs } from './media/jobs.js';
import type { MediaSource } from './media/source.js';
import { AccountPresence } from './accounts/presence.js';
import { Metrics } from './ops/metrics.js';

export interface CoreDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Db;
  classifier: Classifier;
  transport: Transport;
  /** where pictures, recordings and files are downloaded from (the Wechaty adapter); without one they stay pending */
  mediaSource?: MediaSource;
  random: () => number;
  /** the bot account this core speaks as: it keys the send queue, rate limit, groups and heartbeat */
  account: string;
  /** called after each message's transaction commits (benchmarks measure latency with it) */
  onHandled?: (msgId: string) => void;
}

/** The bot without its runtime loops: recording, processing, the send queue and the timed jobs. */
export interface Core {
  svc: Services;
  recorder: MessageRecorder;
  processor: MessageProcessor;
  sender: OutboxSender;
  /** this account's heartbeat, login state and group memberships */
  presence: AccountPresence;
  /** Prometheus metrics (served by src/ops/metrics.ts when METRICS_PORT is set) */
  metrics: Metrics;
  /** downloads the content of picture, voice, video and file messages after they are recorded */
  media: MediaFetcher;
  jobs: Job[];
  /** wakes every message worker and resolves when all are idle, with how many messages they handled */
  drainMessages: () => Promise<number>;
  /** called whenever new rows may be waiting in the outbox */
  onQueued: (fn: () => void) => void;
  /** tells the send queue that rows were queued outside message handling (the web console) */
  wake: () => void;
}

export function createCore(deps: CoreDeps): Core {
  const metrics = new Metrics(deps.db, deps.account);
  deps = { ...deps, log: metrics.counting(deps.log) };
  const svc: Services = {
    config: deps.config, clock: deps.clock, log: deps.log, classifier: deps.classifier, db: deps.db, random: deps.random,
  };
  const queuedListeners: (() => void)[] = [];
  const notifyQueued = () => queuedListeners.forEach((fn) => fn());
  const sender = new OutboxSender(deps.db, deps.clock, deps.transport, {
    account: deps.account,
    ...deps.config.send,
    timezone: deps.config.timezone,
    quietHours: deps.config.quietHours,
    accountStaleMs: deps.config.accountStaleSeconds * 1000,
  }, deps.random, deps.log, (row) => reportFailedSend(svc, row));
  const processor = new MessageProcessor(svc, compose(buildHandlers()), notifyQueued, deps.onHandled);
  const workers = new MessageWorkers(processor, deps.config.processConcurrency, deps.log);
  const media = new MediaFetcher(deps.db, deps.clock, deps.log, deps.mediaSource ?? null, deps.config.media.maxBytes, notifyQueued);
  const presence = new AccountPresence(deps.db, deps.clock, deps.log, deps.account, deps.config.timezone, deps.config.accountStaleSeconds * 1000);
  const recorder = new MessageRecorder(deps.db, deps.clock, deps.log, (shares, withMedia) => {
    workers.kick(shares);
    if (withMedia) media.kick();
  }, 1000, presence);
  recorder.onReceived(() => metrics.messageReceived());
  processor.observe((o) => metrics.messageHandled(o));
  sender.observe((o) => metrics.sendDone(o));
  return {
    svc, recorder, processor, sender, presence, metrics, media, jobs: [...allJobs(), ...mediaJobs(media)],
    drainMessages: () => workers.drainAll(), onQueued: (fn) => queuedListeners.push(fn), wake: notifyQueued,
  };
}

/** A message WeChat refused for good is reported to the staff room, so a person can follow up. */
async function reportFailedSend(svc: Services, row: OutboxRow): Promise<void> {
  if (row.kind === 'send-failure') return;
  await svc.db.transaction(async (tx) => {
    const out = new Outbound(tx, svc.clock.now(), svc.log);
    if (row.roomId && (await out.staffRoomIds()).includes(row.roomId)) return;
    let where = '';
    if (row.roomId) {
      const [r] = await tx.select().from(rooms).where(eq(rooms.id, row.roomId));
      where = `群「${r?.topic || row.roomId}」`;
    } else if (row.contactId) {
      const [c] = await tx.select().from(contacts).where(eq(contacts.id, row.contactId));
      where = `${c?.name ?? '一位住户'}（私聊）`;
    }
    const status = row.status === 'unknown' ? '可能未送达（发送时机器人中断）' : `发送失败（已重试${row.attempts}次）`;
    await out.toStaff(`⚠️ 发往${where}的消息${status}，请人工跟进：\n「${(row.mediaId ? `[图片] ${row.text}` : row.text).trim().slice(0, 80)}」`, { priority: PRIORITY.urgent, kind: 'send-failure' });
  });
}

/** Staff named in the configuration (the first manager) are bound by contact id at start. */
export async function seedConfiguredStaff(db: Db, config: Config, now: Date): Promise<void> {
  if (!config.firstManagerId) return;
  await db.insert(staff).values({ contactId: config.firstManagerId, name: '经理', role: 'manager', createdAt: now }).onConflictDoNothing();
}
