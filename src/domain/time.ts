/** Wall-clock helpers in the property company's time zone (Asia/Shanghai by default). */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

export interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function localParts(t: Date, timeZone: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(t)) out[p.type] = p.value;
  return {
    year: Number(out.year), month: Number(out.month), day: Number(out.day),
    hour: Number(out.hour), minute: Number(out.minute), second: Number(out.second),
    weekday: WEEKDAYS[out.weekday ?? 'Sun'] ?? 0,
  };
}

/** "2026-11-23" in the given zone. */
export function localDate(t: Date, timeZone: string): string {
  const p = localParts(t, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** "18:05" in the given zone. */
export function localTime(t: Date, timeZone: string): string {
  const p = localParts(t, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The instant at which the wall clock in `timeZone` shows the given local date and time. */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset, including around DST changes in zones that have them.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(t), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    t += guess - shown;
  }
  return new Date(t);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export interface QuietHours { start: string; end: string }

export function inQuietHours(t: Date, q: QuietHours | null, timeZone: string): boolean {
  if (!q) return false;
  const p = localParts(t, timeZone);
  const now = p.hour * 60 + p.minute;
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  return s <= e ? now >= s && now < e : now >= s || now < e;
}

/** The first moment at or after `t` that is outside quiet hours. */
export function afterQuietHours(t: Date, q: QuietHours | null, timeZone: string): Date {
  if (!q || !inQuietHours(t, q, timeZone)) return t;
  const p = localParts(t, timeZone);
  const e = minutesOf(q.end);
  const nowMin = p.hour * 60 + p.minute;
  const end = zonedTime(p.year, p.month, p.day, Math.floor(e / 60), e % 60, timeZone);
  return nowMin < e ? end : new Date(end.getTime() + 24 * 3600_000);
}

/** Midnight that starts the next local day. */
export function nextLocalMidnight(t: Date, timeZone: string): Date {
  const p = localParts(t, timeZone);
  const today = zonedTime(p.year, p.month, p.day, 0, 0, timeZone);
  return new Date(today.getTime() + 24 * 3600_000);
}
