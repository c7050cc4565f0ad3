import { addDays, localDate, localTime, zonedTime } from '../time.js';

/** What a planned-outage notice announces: which supply, and from when to when. */
export interface OutageWindow { what: '停水' | '停电' | '停气'; from: Date; to: Date }

const WHAT = /停水|停电|停气|停電|停氣/;
const DAY_WORD: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 後天: 2 };
const DATE = /(?:(\d{1,2})月(\d{1,2})[日号])|(今天|今日|明天|明日|后天|後天)/;
const HALF = '(上午|下午|晚上|中午|早上|凌晨|傍晚)?';
const TIME = `${HALF}\\s*(\\d{1,2})(?:[:：](\\d{2})|点半|[点時时](?:(\\d{1,2})分?)?)?`;
const RANGE = new RegExp(`${TIME}\\s*(?:-|—|–|~|～|至|到)\\s*${TIME}`);

function hourOf(half: string | undefined, h: number): number {
  if ((half === '下午' || half === '晚上' || half === '傍晚') && h < 12) return h + 12;
  if (half === '中午' && h < 6) return h + 12;
  return h;
}

/**
 * The outage a notice announces ("11月23日 9:00-17:00 停水", "今天上午9点到下午5点停电"), its day
 * read against when the notice went out; null when the notice names no supply or no time range.
 */
export function outageWindow(text: string, sentAt: Date, timeZone: string): OutageWindow | null {
  const what = WHAT.exec(text)?.[0];
  const range = RANGE.exec(text);
  if (!what || !range) return null;
  const sentDay = localDate(sentAt, timeZone);
  const date = DATE.exec(text);
  let day = sentDay;
  if (date?.[3]) day = addDays(sentDay, DAY_WORD[date[3]] ?? 0);
  else if (date?.[1]) {
    const year = Number(sentDay.slice(0, 4));
    day = `${year}-${date[1].padStart(2, '0')}-${date[2]!.padStart(2, '0')}`;
    if (day < sentDay.slice(0, 5) + '01-01' || day < addDays(sentDay, -180)) day = `${year + 1}${day.slice(4)}`;
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const startH = hourOf(range[1], Number(range[2]));
  const startM = Number(range[3] ?? range[4] ?? (range[0].includes('点半') ? 30 : 0));
  const endHalf = range[5] ?? range[1];
  const endH = hourOf(endHalf, Number(range[6]));
  const endM = Number(range[7] ?? range[8] ?? 0);
  if (startH > 24 || endH > 24 || startM > 59 || endM > 59) return null;
  const from = zonedTime(y, m, d, startH, startM, timeZone);
  let to = zonedTime(y, m, d, endH, endM, timeZone);
  if (to <= from) to = new Date(to.getTime() + 24 * 3_600_000);
  const normal = what.replace('電', '电').replace('氣', '气') as OutageWindow['what'];
  return { what: normal, from, to };
}

/** "17:00" today, or "11-24 17:00". */
export function endWords(w: OutageWindow, now: Date, timeZone: string): string {
  return localDate(w.to, timeZone) === localDate(now, timeZone) ? localTime(w.to, timeZone) : `${localDate(w.to, timeZone).slice(5)} ${localTime(w.to, timeZone)}`;
}
