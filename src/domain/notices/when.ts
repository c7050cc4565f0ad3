import { describeInstant, localParts, WEEKDAY_NAMES, zonedTime } from '../time.js';

/**
 * "明天9:00", "今晚8点", "11月25日 18:00", "2026-11-25 18:00", "下周五下午3点半", "每天 8:30",
 * "每周一 8:00", "每个工作日 9点", "每月1号 9:00" → a one-off instant or a cron expression, read
 * on the company's wall clock relative to `now`. The time of day is always required: "明天"
 * alone is too vague to broadcast on.
 */
export type When =
  | { kind: 'once'; at: Date; label: string }
  | { kind: 'repeat'; cron: string; label: string };

export type WhenResult = { ok: true; when: When; rest: string } | { ok: false; error: string };

const WEEKDAY_CHARS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 0 };
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "8", "08", "八", "十", "十一", "二十三" → number (up to 99). */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([零〇一二三四五六七八九])?$/.exec(s);
  if (!m || !s) return null;
  if (!m[2]) return m[1] && !m[3] ? DIGITS[m[1]]! : m[3] && !m[1] ? DIGITS[m[3]]! : null;
  return (m[1] ? DIGITS[m[1]]! : 1) * 10 + (m[3] ? DIGITS[m[3]]! : 0);
}

type DayPart =
  | { kind: 'date'; year: number | null; month: number; day: number }
  | { kind: 'offset'; days: number }
  | { kind: 'weekday'; weekday: number; nextWeek: boolean }
  | { kind: 'daily' }
  | { kind: 'weekly'; weekdays: number[] }
  | { kind: 'monthly'; day: number };

/** 'early' is 凌晨 (the small hours of that day); 'late' is 夜里/半夜 (the night that follows that day). */
type Period = 'early' | 'morning' | 'noon' | 'afternoon' | 'evening' | 'late';

const NUM = '[0-9零〇一二两三四五六七八九十]+';
const PERIODS: [RegExp, Period][] = [
  [/^(凌晨)/, 'early'],
  [/^(半夜|深夜|夜里|夜间|夜裡|夜間)/, 'late'],
  [/^(早上|早晨|清晨|上午|早)/, 'morning'],
  [/^(中午)/, 'noon'],
  [/^(下午|傍晚)/, 'afternoon'],
  [/^(晚上|晚)/, 'evening'],
];

/** A date without a year that passed this few days ago is more likely a typo than next year. */
const RECENT_PAST_DAYS = 7;

interface Cursor { s: string }

function take(c: Cursor, re: RegExp): RegExpExecArray | null {
  const m = re.exec(c.s);
  if (m) c.s = c.s.slice(m[0].length);
  return m;
}

function readDay(c: Cursor): { day: DayPart | null; period: Period | null } {
  let m = take(c, /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?/);
  if (m) return { day: { kind: 'date', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, period: null };
  m = take(c, new RegExp(`^(${NUM})\\s*月\\s*(${NUM})\\s*[日号號]`));
  if (m) {
    const month = chineseNumber(m[1]!);
    const day = chineseNumber(m[2]!);
    if (month !== null && day !== null) return { day: { kind: 'date', year: null, month, day }, period: null };
  }
  m = take(c, /^(今|明|后|後|大后|大後)(天|日|早|晨|晚)/);
  if (m) {
    const days = { 今: 0, 明: 1, 后: 2, 後: 2, 大后: 3, 大後: 3 }[m[1]!]!;
    const period: Period | null = m[2] === '早' || m[2] === '晨' ? 'morning' : m[2] === '晚' ? 'evening' : null;
    return { day: { kind: 'offset', days }, period };
  }
  if (take(c, /^(每天|每日|天天)/)) return { day: { kind: 'daily' }, period: null };
  if (take(c, /^每个?工作日/)) return { day: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] }, period: null };
  m = take(c, /^每个?(?:周|星期|礼拜|禮拜)[一二三四五六日天1-7](?:[、,，和](?:周|星期)?[一二三四五六日天1-7]|[一二三四五六日天])*/);
  if (m) {
    const days = [...m[0].replace(/^每个?(周|星期|礼拜|禮拜)/, '').matchAll(/[一二三四五六日天1-7]/g)].map((x) => WEEKDAY_CHARS[x[0]]!);
    return { day: { kind: 'weekly', weekdays: [...new Set(days)].sort((a, b) => a - b) }, period: null };
  }
  m = take(c, new RegExp(`^每个?月\\s*(${NUM})\\s*[日号號]`));
  if (m) {
    const day = chineseNumber(m[1]!);
    if (day !== null) return { day: { kind: 'monthly', day }, period: null };
  }
  m = take(c, /^(下个?|这个?|這個?|本)?(?:周|星期|礼拜|禮拜)([一二三四五六日天])/);
  if (m) return { day: { kind: 'weekday', weekday: WEEKDAY_CHARS[m[2]!]!, nextWeek: !!m[1]?.startsWith('下') }, period: null };
  return { day: null, period: null };
}

function readPeriod(c: Cursor): Period | null {
  for (const [re, p] of PERIODS) if (take(c, re)) return p;
  return null;
}

function readTime(c: Cursor): { hour: number; minute: number } | null {
  let m = take(c, /^(\d{1,2})\s*[:：]\s*(\d{2})/);
  if (m) return { hour: Number(m[1]), minute: Number(m[2]) };
  m = take(c, new RegExp(`^(${NUM})\\s*[点點时時](?:(半|整|一刻|三刻|(${NUM})分?))?`));
  if (!m) return null;
  const hour = chineseNumber(m[1]!);
  if (hour === null) return null;
  const tail = m[2];
  const minute = !tail || tail === '整' ? 0 : tail === '半' ? 30 : tail === '一刻' ? 15 : tail === '三刻' ? 45 : chineseNumber(m[3] ?? '');
  return minute === null ? null : { hour, minute };
}

/**
 * The 24-hour clock time a period and an hour mean, and whether it falls on the next day:
 * 今晚12点 and 夜里12点 are midnight at the end of the day (00:00 the next day), 晚上1点 and
 * 夜里2点 the small hours after it, 凌晨12点 the midnight that starts the day.
 */
function applyPeriod(hour: number, period: Period | null): { hour: number; nextDay: boolean } {
  switch (period) {
    case 'afternoon': return { hour: hour < 12 ? hour + 12 : hour, nextDay: false };
    case 'noon': return { hour: hour < 11 ? hour + 12 : hour, nextDay: false };
    case 'early': return { hour: hour === 12 ? 0 : hour, nextDay: false };
    case 'evening':
      if (hour === 12 || hour === 0) return { hour: 0, nextDay: true };
      if (hour <= 4) return { hour, nextDay: true };
      return { hour: hour < 12 ? hour + 12 : hour, nextDay: false };
    case 'late':
      if (hour === 12 || hour === 0) return { hour: 0, nextDay: true };
      if (hour <= 5) return { hour, nextDay: true };
      return { hour: hour < 12 ? hour + 12 : hour, nextDay: false };
    default: return { hour, nextDay: false };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');


function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Reads a time expression at the start of `text`; `rest` is what follows it. */
export function parseWhen(text: string, now: Date, timeZone: string): WhenResult {
  const c: Cursor = { s: text.trim() };
  const { day, period: implied } = readDay(c);
  c.s = c.s.trimStart();
  const period = readPeriod(c) ?? implied;
  c.s = c.s.trimStart();
  const time = readTime(c);
  if (!time) {
    return { ok: false, error: day
      ? '请写上具体几点，例如「明天9:00」「今晚8点」「每周一 8:00」。'
      : '没看懂通知时间。可以这样写：明天9:00、今晚8点、11月25日 18:00、2026-11-25 18:00、每天 8:30、每周一 8:00。' };
  }
  if (c.s && !/^\s/.test(c.s)) return { ok: false, error: `时间后面请空一格再写范围和内容（没看懂「${c.s.slice(0, 6)}」）。` };
  const { hour, nextDay } = applyPeriod(time.hour, period);
  if (hour > 23 || time.minute > 59) return { ok: false, error: `「${pad(time.hour)}:${pad(time.minute)}」不是有效的时刻。` };
  const after = nextDay ? 1 : 0;
  const rest = c.s.trim();
  const hhmm = `${pad(hour)}:${pad(time.minute)}`;

  if (day?.kind === 'daily') return { ok: true, rest, when: { kind: 'repeat', cron: `${time.minute} ${hour} * * *`, label: `每天 ${hhmm}` } };
  if (day?.kind === 'weekly') {
    const weekdays = [...new Set(day.weekdays.map((d) => (d + after) % 7))].sort((a, b) => a - b);
    const label = weekdays.join(',') === '1,2,3,4,5' ? '每个工作日' : `每周${weekdays.map((d) => WEEKDAY_NAMES[d]).join('、')}`;
    return { ok: true, rest, when: { kind: 'repeat', cron: `${time.minute} ${hour} * * ${weekdays.join(',')}`, label: `${label} ${hhmm}` } };
  }
  if (day?.kind === 'monthly') {
    const dom = day.day + after;
    if (day.day < 1 || dom > 28) return { ok: false, error: '每月的日子请写 1 到 28 号（不是每个月都有 29-31 号）。' };
    return { ok: true, rest, when: { kind: 'repeat', cron: `${time.minute} ${hour} ${dom} * *`, label: `每月${dom}日 ${hhmm}` } };
  }

  const today = localParts(now, timeZone);
  const todayNoon = Date.UTC(today.year, today.month - 1, today.day, 12);
  let date: { year: number; month: number; day: number };
  const shift = (days: number) => {
    const d = new Date(todayNoon + days * 86_400_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  };
  if (!day) {
    // a bare time is its next occurrence, whichever day that is
    date = shift(0);
    if (zonedTime(date.year, date.month, date.day, hour, time.minute, timeZone) <= now) date = shift(1);
  } else if (day.kind === 'offset') {
    date = shift(day.days + after);
  } else if (day.kind === 'weekday') {
    let ahead = (day.weekday - today.weekday + 7) % 7;
    if (day.nextWeek) {
      // "下周五": the Friday of next week (weeks start on Monday)
      const mondayNext = 7 - ((today.weekday + 6) % 7);
      ahead = mondayNext + ((day.weekday + 6) % 7);
    } else if (ahead === 0 && zonedTime(today.year, today.month, today.day, hour, time.minute, timeZone) <= now) {
      ahead = 7;
    }
    date = shift(ahead + after);
  } else {
    let year = day.year ?? today.year;
    if (day.year === null && (day.month < today.month || (day.month === today.month && day.day < today.day))) {
      // "11月30日" on 1 December: next year is possible, but a slip is likelier — ask rather than guess
      const daysAgo = validDate(year, day.month, day.day) ? Math.round((todayNoon - Date.UTC(year, day.month - 1, day.day, 12)) / 86_400_000) : Infinity;
      if (daysAgo <= RECENT_PAST_DAYS) {
        return { ok: false, error: `${day.month}月${day.day}日 已经过去了。是指明年（${year + 1}年）${day.month}月${day.day}日吗？请加上年份确认，例如「${year + 1}年${day.month}月${day.day}日 ${hhmm}」；如写错了日期，请改正后再发。` };
      }
      year += 1;
    }
    if (!validDate(year, day.month, day.day)) return { ok: false, error: `没有${day.month}月${day.day}日这一天，请核对日期。` };
    date = { year, month: day.month, day: day.day };
    if (after) {
      const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1, 12));
      date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    }
  }
  if (!validDate(date.year, date.month, date.day)) return { ok: false, error: `没有${date.month}月${date.day}日这一天，请核对日期。` };
  const at = zonedTime(date.year, date.month, date.day, hour, time.minute, timeZone);
  if (at <= now) return { ok: false, error: `${describeInstant(at, timeZone, now)} 已经过去了，请换一个以后的时间。` };
  // the year is written out whenever it is not this year's, so "next year" is never silent
  return { ok: true, rest, when: { kind: 'once', at, label: describeInstant(at, timeZone, now) } };
}
