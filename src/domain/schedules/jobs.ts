import type { Job } from '../jobs.js';
import { fireFeeReminders } from '../fees/reminders.js';
import { fireNotice } from '../notices/fire.js';
import { fireDigest } from './digest.js';
import { nextScheduleDue, runDueSchedules, type FireFn } from './engine.js';
import { fireGreeting } from './greetings.js';
import { ensureSystemSchedules } from './system.js';

const FIRE: Record<string, FireFn> = {
  notice: fireNotice,
  digest: fireDigest,
  fee: fireFeeReminders,
  greeting: fireGreeting,
};

const fire: FireFn = async (f) => {
  const fn = FIRE[f.schedule.kind];
  if (!fn) throw new Error(`no handler for schedule kind ${f.schedule.kind}`);
  return fn(f);
};

/**
 * Staff notices, the morning digest, the daily fee run and holiday greetings: every schedule in
 * the `schedules` table, each slot claimed once in `schedule_runs`.
 */
export const scheduleJob: Job = {
  name: 'schedules',
  async nextDueAt(svc, now) {
    await ensureSystemSchedules(svc, now);
    return nextScheduleDue(svc, now);
  },
  async run(svc, now) {
    await ensureSystemSchedules(svc, now);
    await runDueSchedules(svc, now, fire);
  },
};

export const scheduleJobs: Job[] = [scheduleJob];
