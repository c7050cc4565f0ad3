import type { Config } from '../../config.js';

/** The promised times for one ticket, in milliseconds. */
export interface Targets { respondMs: number; resolveMs: number }

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** First response: urgent at once (minutes), otherwise 15 min; resolution per category (lift 2 h), else 24 h. */
export function targetsFor(t: { category: string; urgent: boolean }, sla: Config['sla']): Targets {
  const respondMinutes = t.urgent ? Math.min(sla.urgentRespondMinutes, sla.respondMinutes) : sla.respondMinutes;
  const byCategory = sla.resolveHoursByCategory?.[t.category];
  const resolveHours = byCategory ?? (t.category === 'lift' ? sla.liftResolveHours : sla.resolveHours);
  return { respondMs: respondMinutes * MINUTE, resolveMs: resolveHours * HOUR };
}

/** "15分钟" / "2小时" / "1天半" — how a promise is worded to a resident. */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes}分钟`;
  const hours = minutes / 60;
  if (hours < 48 || !Number.isInteger(hours / 24)) return Number.isInteger(hours) ? `${hours}小时` : `${hours.toFixed(1)}小时`;
  return `${hours / 24}天`;
}

export type SlaClock = 'respond' | 'resolve';
/** 1 = reminder to the assignee before the deadline, 2 = supervisor at the deadline, 3 = manager at twice the target */
export type SlaLevel = 1 | 2 | 3;

export interface SlaTicket {
  status: string;
  category: string;
  urgent: boolean;
  respondDueAt: Date;
  resolveDueAt: Date;
  respondLevel: number;
  resolveLevel: number;
}

export interface SlaStep { clock: SlaClock; level: SlaLevel; at: Date }

/** The moments each level of one clock falls due; a reminder only when there is time before the deadline. */
export function levelTimes(due: Date, targetMs: number, remindBeforeMs: number): Record<SlaLevel, Date | null> {
  return {
    1: remindBeforeMs > 0 && remindBeforeMs < targetMs ? new Date(due.getTime() - remindBeforeMs) : null,
    2: due,
    3: new Date(due.getTime() + targetMs),
  };
}

function nextOnClock(clock: SlaClock, due: Date, done: number, targetMs: number, remindBeforeMs: number): SlaStep | null {
  const times = levelTimes(due, targetMs, remindBeforeMs);
  for (const level of [1, 2, 3] as const) {
    const at = times[level];
    if (level > done && at) return { clock, level, at };
  }
  return null;
}

/** Which clocks run in which state: waiting (paused), resolved and closed tickets stop both. */
export function runningClocks(status: string): SlaClock[] {
  if (status === 'open') return ['respond', 'resolve'];
  if (status === 'accepted') return ['resolve'];
  return [];
}

/** The next reminder or escalation of a ticket, or null when nothing more will happen. */
export function nextSlaStep(t: SlaTicket, sla: Config['sla']): SlaStep | null {
  const targets = targetsFor(t, sla);
  const remind = sla.remindBeforeMinutes * MINUTE;
  const steps: SlaStep[] = [];
  for (const clock of runningClocks(t.status)) {
    const step = clock === 'respond'
      ? nextOnClock('respond', t.respondDueAt, t.respondLevel, targets.respondMs, remind)
      : nextOnClock('resolve', t.resolveDueAt, t.resolveLevel, targets.resolveMs, remind);
    if (step) steps.push(step);
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  return steps[0] ?? null;
}

/**
 * The highest level of a clock due at `now` (after a downtime several may be due: only the highest
 * is sent, so nobody gets a burst of stale reminders), or null.
 */
export function dueLevel(due: Date, done: number, targetMs: number, remindBeforeMs: number, now: Date): SlaLevel | null {
  const times = levelTimes(due, targetMs, remindBeforeMs);
  let found: SlaLevel | null = null;
  for (const level of [1, 2, 3] as const) {
    const at = times[level];
    if (level > done && at && at <= now) found = level;
  }
  return found;
}

/** Deadlines pushed forward by the time a ticket waited (挂起 → 恢复). */
export function shiftedForPause<T extends { respondDueAt: Date; resolveDueAt: Date }>(t: T, pausedAt: Date, now: Date): { respondDueAt: Date; resolveDueAt: Date } {
  const waited = Math.max(0, now.getTime() - pausedAt.getTime());
  return { respondDueAt: new Date(t.respondDueAt.getTime() + waited), resolveDueAt: new Date(t.resolveDueAt.getTime() + waited) };
}
