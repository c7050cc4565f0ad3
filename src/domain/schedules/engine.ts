import { and, eq, max, sql } from 'drizzle-orm';
import { hostname } from 'node:os';
import type { Tx } from '../../db/connect.js';
import { scheduleRuns, schedules } from '../../db/schema.js';
import type { Services } from '../types.js';
import { afterQuietHours, describeInstant, inQuietHours, localParts, zonedTime } from '../time.js';
import { Outbound } from '../../outbox/outbound.js';
import { CronError, nextSlot, parseCron } from './cron.js';

export type ScheduleRow = typeof schedules.$inferSelect;

export interface Firing {
  tx: Tx;
  /** queues what the run sends, in `tx` */
  out: Outbound;
  svc: Services;
  /** the moment the run actually happens (later than the slot when caught up after a restart) */
  now: Date;
  /** the fire time being claimed */
  slot: Date;
  schedule: ScheduleRow;
}

/** What a schedule does when it fires; returns a short note recorded on the run. */
export type FireFn = (f: Firing) => Promise<string | void>;

const WHO = `${hostname()}:${process.pid}`;

interface Pending { schedule: ScheduleRow; last: Date | null }

async function activeSchedules(svc: Services): Promise<Pending[]> {
  const rows = await svc.db
    .select({ schedule: schedules, last: max(scheduleRuns.slot) })
    .from(schedules)
    .leftJoin(scheduleRuns, eq(scheduleRuns.scheduleId, schedules.id))
    .where(eq(schedules.active, true))
    .groupBy(schedules.id)
    .orderBy(schedules.id);
  return rows.map((r) => ({ schedule: r.schedule, last: r.last ? new Date(r.last) : null }));
}

/**
 * The first slot of a schedule not yet claimed. A repeating schedule starts after it was
 * created (or after its last claimed slot); a one-off has exactly one slot.
 */
export function firstOpenSlot(s: ScheduleRow, last: Date | null, timeZone: string): Date | null {
  if (s.runAt) return last && last.getTime() >= s.runAt.getTime() ? null : s.runAt;
  if (!s.cron) return null;
  try {
    return nextSlot(parseCron(s.cron), last ?? s.createdAt, timeZone);
  } catch (e) {
    if (e instanceof CronError) return null;
    throw e;
  }
}

/**
 * Everything a schedule sends is a broadcast, so a slot inside quiet hours is released when they
 * end: a 22:00 notice is claimed and queued at 08:00. (Queuing it at 22:00 with a later send time
 * would hold up replies in the same groups all night: the send queue keeps each chat in order.)
 */
export function releaseAt(svc: Services, slot: Date): Date {
  return afterQuietHours(slot, svc.config.quietHours, svc.config.timezone);
}

/** The next moment a schedule has work: an unclaimed slot's release, or the end of quiet hours. */
export async function nextScheduleDue(svc: Services, now: Date): Promise<Date | null> {
  let best: Date | null = null;
  for (const { schedule, last } of await activeSchedules(svc)) {
    const slot = firstOpenSlot(schedule, last, svc.config.timezone);
    if (!slot) continue;
    let t = releaseAt(svc, slot);
    // overdue but inside quiet hours (a restart at night): nothing fires before they end
    if (t <= now && inQuietHours(now, svc.config.quietHours, svc.config.timezone)) t = afterQuietHours(now, svc.config.quietHours, svc.config.timezone);
    if (!best || t < best) best = t;
  }
  return best;
}

/** How long the bot could have sent between two moments: quiet hours do not count as lateness. */
export function awakeBetween(svc: Services, from: Date, to: Date): number {
  const q = svc.config.quietHours;
  const tz = svc.config.timezone;
  if (!q) return Math.max(0, to.getTime() - from.getTime());
  const [sh, sm] = q.start.split(':').map(Number) as [number, number];
  let awake = 0;
  let cursor = from;
  while (cursor < to) {
    if (inQuietHours(cursor, q, tz)) {
      cursor = afterQuietHours(cursor, q, tz);
      continue;
    }
    const p = localParts(cursor, tz);
    let quietStart = zonedTime(p.year, p.month, p.day, sh, sm, tz);
    if (quietStart <= cursor) quietStart = new Date(quietStart.getTime() + 24 * 3600_000);
    const end = quietStart < to ? quietStart : to;
    awake += end.getTime() - cursor.getTime();
    cursor = end;
  }
  return awake;
}

async function claim(tx: Tx, scheduleId: number, slot: Date, now: Date, status: string, note: string | null): Promise<boolean> {
  const rows = await tx.insert(scheduleRuns)
    .values({ scheduleId, slot, claimedAt: now, claimedBy: WHO, status, note })
    .onConflictDoNothing({ target: [scheduleRuns.scheduleId, scheduleRuns.slot] })
    .returning({ id: scheduleRuns.id });
  return rows.length > 0;
}

/**
 * Fires every slot that has fallen due, each claimed in `schedule_runs` in the same transaction
 * as the messages it queues: a slot fires exactly once, across restarts and across processes
 * sharing the database (a second claimant's insert waits for the first and then finds the row).
 * Slots missed by more than `catchUpHours` (quiet hours not counted) are skipped, logged, and
 * reported to the staff room. Nothing fires during quiet hours.
 */
export async function runDueSchedules(svc: Services, now: Date, fire: FireFn): Promise<void> {
  if (inQuietHours(now, svc.config.quietHours, svc.config.timezone)) return;
  const window = svc.config.catchUpHours * 3600_000;
  for (const { schedule, last } of await activeSchedules(svc)) {
    const due: Date[] = [];
    let cursor = last;
    for (let t = firstOpenSlot(schedule, cursor, svc.config.timezone); t && releaseAt(svc, t) <= now; t = firstOpenSlot(schedule, cursor, svc.config.timezone)) {
      due.push(t);
      cursor = t;
      if (schedule.runAt) break;
    }
    if (!due.length) continue;
    const isMissed = (t: Date) => awakeBetween(svc, releaseAt(svc, t), now) > window;
    const missed = due.filter(isMissed);
    const inWindow = due.filter((t) => !isMissed(t));
    if (missed.length) await skipMissed(svc, now, schedule, missed);
    for (const slot of inWindow) await fireSlot(svc, now, schedule, slot, fire);
  }
}

async function skipMissed(svc: Services, now: Date, schedule: ScheduleRow, missed: Date[]): Promise<void> {
  const tz = svc.config.timezone;
  const first = missed[0]!;
  const latest = missed[missed.length - 1]!;
  const when = missed.length === 1 ? describeInstant(first, tz) : `${describeInstant(first, tz)} 至 ${describeInstant(latest, tz)} 共${missed.length}次`;
  const note = `missed ${missed.length} run(s) from ${first.toISOString()} to ${latest.toISOString()}: beyond the ${svc.config.catchUpHours} h catch-up window`;
  await svc.db.transaction(async (tx) => {
    // Only the latest missed slot is recorded: the next scan starts after it.
    if (!(await claim(tx, schedule.id, latest, now, 'skipped', note))) return;
    if (schedule.runAt) await tx.update(schedules).set({ active: false }).where(eq(schedules.id, schedule.id));
    svc.log.warn('schedule runs missed while the bot was down; skipped', { schedule: schedule.id, kind: schedule.kind, note });
    await new Outbound(tx, now, svc.log).toStaff(
      `⚠️ 机器人停机期间错过了定时任务（${scheduleName(schedule)}，编号 ${schedule.id}）：${when}，超过${svc.config.catchUpHours}小时未补发。如仍需发送，请重新安排。`,
      { kind: 'schedule-skipped', dedupeKey: `schedule-skipped:${schedule.id}:${latest.toISOString()}` });
  });
}

async function fireSlot(svc: Services, now: Date, schedule: ScheduleRow, slot: Date, fire: FireFn): Promise<void> {
  try {
    await svc.db.transaction(async (tx) => {
      if (!(await claim(tx, schedule.id, slot, now, 'done', null))) return;
      const note = await fire({ tx, out: new Outbound(tx, now, svc.log), svc, now, slot, schedule });
      if (note) await tx.update(scheduleRuns).set({ note }).where(and(eq(scheduleRuns.scheduleId, schedule.id), eq(scheduleRuns.slot, slot)));
      if (schedule.runAt) await tx.update(schedules).set({ active: false }).where(eq(schedules.id, schedule.id));
    });
  } catch (e) {
    // A run that throws is recorded as failed (not retried every minute) and staff are told.
    const error = e instanceof Error ? e.message : String(e);
    svc.log.error('a scheduled run failed', { schedule: schedule.id, kind: schedule.kind, slot: slot.toISOString(), error });
    await svc.db.transaction(async (tx) => {
      if (!(await claim(tx, schedule.id, slot, now, 'failed', error.slice(0, 500)))) return;
      await new Outbound(tx, now, svc.log).toStaff(`⚠️ 定时任务（${scheduleName(schedule)}，编号 ${schedule.id}）执行出错，未发出，请人工处理。`,
        { kind: 'schedule-failed', dedupeKey: `schedule-failed:${schedule.id}:${slot.toISOString()}` });
    });
  }
}

export function scheduleName(s: ScheduleRow): string {
  switch (s.kind) {
    case 'notice': return `通知「${String(s.payload.text ?? '').slice(0, 20)}」`;
    case 'digest': return '每日工单简报';
    case 'fee': return '物业费提醒';
    case 'greeting': return '节日问候';
    default: return s.kind;
  }
}

/** Number of runs claimed for a schedule (for listings). */
export async function runCount(tx: Tx, scheduleId: number): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(scheduleRuns).where(eq(scheduleRuns.scheduleId, scheduleId));
  return row?.n ?? 0;
}
