/** Wall-clock and calendar helpers in the property company's time zone (Asia/Shanghai by default). */

const DAY_MS = 86_400_000;
export const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'];
const pad = (n: number) => String(n).padStart(2, '0');

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

/** "2026-11-30" plus n days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO-8601 week of a calendar date: "2026-W48". */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Days from `from` to `to` (local dates, inclusive), for a chart that shows the quiet days too. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T12:00:00Z`);
  const end = new Date(`${to}T12:00:00Z`);
  while (d <= end) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** "2026-11" → [first instant of the month, first instant of the next) in the company's zone. */
export function monthBounds(month: string, timezone: string): { from: Date; to: Date; days: string[] } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const mm = m ? Number(m[2]) : 0;
  if (!m || mm < 1 || mm > 12) throw new Error(`--month must look like 2026-11 (got ${month})`);
  const year = Number(m[1]);
  const from = zonedTime(year, mm, 1, 0, 0, timezone);
  const to = mm === 12 ? zonedTime(year + 1, 1, 1, 0, 0, timezone) : zonedTime(year, mm + 1, 1, 0, 0, timezone);
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return { from, to, days: daysBetween(`${month}-01`, `${month}-${String(lastDay).padStart(2, '0')}`) };
}

/** "11月25日(周三) 18:00"; with `now`, the year is written when it is not now's: "2027年1月5日(周二) 09:00". */
export function describeInstant(t: Date, timeZone: string, now?: Date): string {
  const p = localParts(t, timeZone);
  const year = now && localParts(now, timeZone).year !== p.year ? `${p.year}年` : '';
  return `${year}${p.month}月${p.day}日(周${WEEKDAY_NAMES[p.weekday]}) ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-11-23T09:00:02+08:00": output times in the company's zone, as scripts write them. */
export function isoInZone(d: Date, timeZone: string): string {
  const p = localParts(d, timeZone);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offsetMin = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The local day before `now`, as [start, end). */
export function yesterday(now: Date, timeZone: string): { start: Date; end: Date; label: string } {
  const p = localParts(now, timeZone);
  const end = zonedTime(p.year, p.month, p.day, 0, 0, timeZone);
  const start = new Date(end.getTime() - 24 * 3600_000);
  const y = localParts(start, timeZone);
  return { start, end, label: `${y.month}月${y.day}日` };
}

/** "11-30 09:00": a moment in staff lists and records. */
export function shortDateTime(t: Date, timeZone: string): string {
  return `${localDate(t, timeZone).slice(5)} ${localTime(t, timeZone)}`;
}

/**
 * A moment relative to `now`, for deadlines in lists and reminders: "09:00" today, "明天 09:00",
 * "昨天 18:00", else "12-05 09:00" — never a bare time on another day.
 */
export function timeFrom(now: Date, t: Date, timeZone: string): string {
  const day = localDate(t, timeZone);
  const today = localDate(now, timeZone);
  const time = localTime(t, timeZone);
  if (day === today) return time;
  if (day === addDays(today, 1)) return `明天 ${time}`;
  if (day === addDays(today, -1)) return `昨天 ${time}`;
  return `${day.slice(5)} ${time}`;
}
