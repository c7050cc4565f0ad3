import { localParts, zonedTime } from '../time.js';

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week) evaluated on the wall
 * clock of a time zone. node-cron drives the live ticks; this answers the two questions the
 * scheduler needs and node-cron cannot answer on an injected clock: "the next fire time after t"
 * and "every fire time between t1 and t2".
 */
export interface CronSpec {
  source: string;
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** standard cron: when both day fields are restricted, a day matches if either does */
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

export class CronError extends Error {
  override name = 'CronError';
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function expandField(raw: string, field: (typeof FIELDS)[number]): number[] {
  const out = new Set<number>();
  for (const part of raw.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CronError(`${field.name} "${part}" is not a number, range, list or step`);
    const step = m[4] ? Number(m[4]) : 1;
    let lo: number = field.min;
    let hi: number = field.max;
    if (m[1] !== '*') {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : m[4] ? field.max : lo;
    }
    if (step < 1 || lo < field.min || hi > field.max || lo > hi) {
      throw new CronError(`${field.name} "${part}" is outside ${field.min}-${field.max}`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`"${expression}" needs 5 fields (minute hour day month weekday)`);
  const [mi, h, d, mo, w] = parts.map((p, i) => expandField(p, FIELDS[i]!)) as [number[], number[], number[], number[], number[]];
  return {
    source: expression.trim(),
    minutes: mi,
    hours: h,
    days: new Set(d),
    months: new Set(mo),
    weekdays: new Set(w.map((x) => x % 7)),
    dayRestricted: parts[2] !== '*',
    weekdayRestricted: parts[4] !== '*',
  };
}

export function isValidCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch {
    return false;
  }
}

function dayMatches(spec: CronSpec, month: number, day: number, weekday: number): boolean {
  if (!spec.months.has(month)) return false;
  const byDay = spec.days.has(day);
  const byWeekday = spec.weekdays.has(weekday);
  if (spec.dayRestricted && spec.weekdayRestricted) return byDay || byWeekday;
  return byDay && byWeekday;
}

// Five years covers every satisfiable expression (29 February included).
const MAX_DAYS = 5 * 366 + 1;

/** The first fire time strictly after `after`, or null when the expression never fires (e.g. 30 February). */
export function nextSlot(spec: CronSpec, after: Date, timeZone: string): Date | null {
  const start = localParts(after, timeZone);
  // Walk local calendar days; noon UTC of the date keeps the weekday arithmetic clear of offsets.
  let cursor = Date.UTC(start.year, start.month - 1, start.day, 12);
  for (let i = 0; i < MAX_DAYS; i++, cursor += 86_400_000) {
    const d = new Date(cursor);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (!dayMatches(spec, month, day, d.getUTCDay())) continue;
    for (const hour of spec.hours) {
      if (i === 0 && hour < start.hour) continue;
      for (const minute of spec.minutes) {
        if (i === 0 && hour === start.hour && minute < start.minute) continue;
        const t = zonedTime(year, month, day, hour, minute, timeZone);
        // a wall-clock time skipped by a DST change lands on another hour: not a slot
        const shown = localParts(t, timeZone);
        if (shown.hour !== hour || shown.minute !== minute || shown.day !== day) continue;
        if (t.getTime() > after.getTime()) return t;
      }
    }
  }
  return null;
}

/** Every fire time in (from, to], oldest first, at most `limit` of them (the latest ones are kept). */
export function slotsBetween(spec: CronSpec, from: Date, to: Date, timeZone: string, limit = 10_000): Date[] {
  const out: Date[] = [];
  let t = nextSlot(spec, from, timeZone);
  while (t && t.getTime() <= to.getTime()) {
    out.push(t);
    if (out.length > limit) out.shift();
    t = nextSlot(spec, t, timeZone);
  }
  return out;
}
