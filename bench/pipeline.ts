import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createCore, type Core } from '../src/core.js';
import type { Database } from '../src/db/connect.js';
import { bindings, contacts, rooms, staff, units } from '../src/db/schema.js';
import type { IncomingMessage } from '../src/domain/incoming.js';
import { silentLogger } from '../src/log.js';
import type { Classifier } from '../src/nlu/types.js';

const CHAT = ['早上好', '收到，谢谢', '好的', '哈哈哈', '今天天气真好', '有人拼车去机场吗', '水果团购接龙 1. 3栋502 两箱', '谢谢师傅修好了', '[图片]', '大家注意保暖'];
const REPAIR = ['{b}楼道灯坏了，麻烦修一下', '厨房水管漏水了', '电梯按钮没反应', '单元门禁刷卡没反应', '{b}地下车库的排水沟堵了'];
const COMPLAINT = ['楼上半夜还在跺脚，吵死了', '车位又被占了，物业管不管', '报修三天了还没人来处理'];
const INQUIRY = ['请问物业费怎么交', '明天几点停水', '装修要办什么手续', '门禁卡丢了怎么补办'];

/** A realistic mix: most group traffic is chit-chat. */
export function benchMessage(i: number, roomCount: number): IncomingMessage {
  const r = i % 10;
  const pool = r < 6 ? CHAT : r < 8 ? REPAIR : r < 9 ? COMPLAINT : INQUIRY;
  const room = i % roomCount;
  return {
    msgId: `bench-${process.pid}-${i}-${Math.random().toString(36).slice(2)}`,
    roomId: `${String(room).padStart(6, '0')}@chatroom`,
    roomTopic: `阳光花园${room + 1}栋业主群`,
    talkerId: `wxid_bench_${i % 5000}`,
    talkerName: `住户${i % 5000}`,
    text: (pool[i % pool.length] ?? '').replace('{b}', `${(room % 30) + 1}栋`),
    kind: 'text',
    mentionsBot: false,
    mentionIds: [],
    sentAt: new Date(),
  };
}

export async function seedBenchRooms(database: Database, count: number): Promise<void> {
  const now = new Date();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `${String(i).padStart(6, '0')}@chatroom`, topic: `阳光花园${i + 1}栋业主群`, community: '阳光花园', building: `${i + 1}栋`,
    mappingConfirmed: true, createdAt: now, updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 1000) await database.db.insert(rooms).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  await database.db.insert(rooms).values({ id: 'staff@chatroom', topic: '物业工作群', isStaffRoom: true, createdAt: now, updatedAt: now }).onConflictDoNothing();
  await database.db.insert(staff).values({ contactId: 'wxid_manager', name: '刘经理', role: 'manager', createdAt: now }).onConflictDoNothing();
}

/** Residents bound to units, spread over the rooms' buildings. */
export async function seedResidents(database: Database, roomCount: number, residents: number): Promise<void> {
  const now = new Date();
  for (let i = 0; i < residents; i += 5000) {
    const ids = Array.from({ length: Math.min(5000, residents - i) }, (_, k) => i + k);
    await database.db.insert(contacts).values(ids.map((n) => ({ id: `wxid_bench_${n}`, name: `住户${n}`, updatedAt: now }))).onConflictDoNothing();
    const unitRows = await database.db.insert(units).values(ids.map((n) => ({
      community: '阳光花园', building: `${(n % roomCount) + 1}栋`, unit: `${(n % 4) + 1}单元${n}`,
    }))).onConflictDoNothing().returning({ id: units.id });
    await database.db.insert(bindings).values(unitRows.map((u, k) => ({ contactId: `wxid_bench_${i + k}`, unitId: u.id, status: 'confirmed', createdAt: now }))).onConflictDoNothing();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function benchCore(database: Database, classifier: Classifier, onHandled: (id: string) => void): Core {
  return createCore({
    config: loadConfig({ PROCESS_CONCURRENCY: process.env.PROCESS_CONCURRENCY }), clock: systemClock, log: silentLogger, db: database.db, classifier,
    transport: { send: async () => {} }, random: Math.random, account: 'bench', onHandled,
  });
}

/**
 * Offers messages at a fixed rate; latency = ticket and reply committed minus arrival. The first
 * `warmupSeconds` (JIT, prepared statements, caches) are offered at the same rate but not measured.
 */
export async function benchOfferedLoad(database: Database, classifier: Classifier, ratePerS: number, seconds: number, warmupSeconds = 3): Promise<{ p50_ms: number; p99_ms: number; n: number }> {
  const started = new Map<string, number>();
  const latencies: number[] = [];
  let done = 0;
  const warmup = ratePerS * warmupSeconds;
  const total = ratePerS * (seconds + warmupSeconds);
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => { resolveAll = r; });
  const core = benchCore(database, classifier, (id) => {
    const t0 = started.get(id);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
    if (++done === total) resolveAll();
  });
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / ratePerS;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const m = benchMessage(i, 200);
    if (i >= warmup) started.set(m.msgId, performance.now());
    void core.recorder.receive(m);
  }
  await all;
  latencies.sort((a, b) => a - b);
  return { p50_ms: round(percentile(latencies, 50)), p99_ms: round(percentile(latencies, 99)), n: latencies.length };
}

/** Everything at once: how many messages per second the pipeline sustains. */
export async function benchSustained(database: Database, classifier: Classifier, n: number): Promise<{ msgs_per_s: number; n: number }> {
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => { resolveAll = r; });
  const core = benchCore(database, classifier, () => { if (++done === n) resolveAll(); });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) void core.recorder.receive(benchMessage(i + 1_000_000, 200));
  await all;
  return { msgs_per_s: Math.round(n / ((performance.now() - t0) / 1000)), n };
}

/** The database's own limit: single-row autocommit inserts, with the pipeline's concurrency. */
export async function benchRawInsert(database: Database, n: number, concurrency: number): Promise<{ rows_per_s: number }> {
  await database.sql`create table if not exists bench_insert (id bigserial primary key, room text, body text, at timestamptz default now())`;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      await database.sql`insert into bench_insert (room, body) values (${'r' + (i % 200)}, ${'楼道灯坏了，麻烦修一下'})`;
    }
  }));
  const rate = Math.round(n / ((performance.now() - t0) / 1000));
  await database.sql`drop table bench_insert`;
  return { rows_per_s: rate };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
