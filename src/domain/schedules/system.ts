import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { schedules } from '../../db/schema.js';
import type { Services } from '../types.js';
import { localDate, zonedTime } from '../time.js';
import { GREETING_TIME, GREETINGS } from './greetings.js';

function dailyCron(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} * * *`;
}

const ensured = new WeakMap<Db, string>();

/**
 * The built-in schedules live in the same table as staff notices (so their runs are claimed the
 * same way), one row per `system_key`: the morning digest, the daily fee run and, when enabled,
 * one one-off row per upcoming holiday greeting. Their times follow the configuration; setting
 * `active = false` on the digest or fee row switches it off for good.
 */
export async function ensureSystemSchedules(svc: Services, now: Date): Promise<void> {
  const { config } = svc;
  const signature = JSON.stringify([config.digestTime, config.feeReminderTime, config.greetings, localDate(now, config.timezone)]);
  if (ensured.get(svc.db) === signature) return;
  await svc.db.transaction(async (tx) => {
    for (const s of [
      { systemKey: 'digest', kind: 'digest', cron: dailyCron(config.digestTime) },
      { systemKey: 'fees', kind: 'fee', cron: dailyCron(config.feeReminderTime) },
    ]) {
      await tx.insert(schedules).values({ ...s, createdBy: 'system', createdAt: now })
        .onConflictDoUpdate({ target: schedules.systemKey, set: { cron: s.cron } });
    }
    if (!config.greetings) {
      await tx.update(schedules).set({ active: false }).where(and(like(schedules.systemKey, 'greeting:%'), eq(schedules.active, true)));
      return;
    }
    for (const g of GREETINGS) {
      const [y, m, d] = g.date.split('-').map(Number) as [number, number, number];
      const runAt = zonedTime(y, m, d, GREETING_TIME.hour, GREETING_TIME.minute, config.timezone);
      if (runAt <= now) continue;
      await tx.insert(schedules).values({
        systemKey: `greeting:${g.date}`, kind: 'greeting', runAt, payload: { text: g.text }, createdBy: 'system', createdAt: now,
      }).onConflictDoUpdate({ target: schedules.systemKey, set: { active: sql`${schedules.runAt} > ${now.toISOString()}::timestamptz`, payload: { text: g.text } } });
    }
  });
  ensured.set(svc.db, signature);
}
