import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { categoryName, intentName } from '../tickets/lifecycle.js';
import { localParts, zonedTime } from '../time.js';
import { loadFacts } from './load.js';
import { computeStats, percent, SATISFACTION_TARGET, type TicketStats } from './stats.js';

export type Range = 'today' | 'week' | 'month';
const RANGE_NAMES: Record<Range, string> = { today: '今天', week: '本周', month: '本月' };

/** The start of today, this week (Monday) or this month, in the company's time zone. */
export function rangeStart(now: Date, range: Range, timezone: string): Date {
  const p = localParts(now, timezone);
  if (range === 'month') return zonedTime(p.year, p.month, 1, 0, 0, timezone);
  const today = zonedTime(p.year, p.month, p.day, 0, 0, timezone);
  if (range === 'today') return today;
  const sinceMonday = (p.weekday + 6) % 7;
  const monday = new Date(today.getTime() - sinceMonday * 24 * 3_600_000);
  const m = localParts(monday, timezone);
  return zonedTime(m.year, m.month, m.day, 0, 0, timezone);
}

function breakdown(counts: Record<string, number>, name: (k: string) => string): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${name(k)}${n}`).join('、') : '无';
}

export function formatStats(title: string, s: TicketStats): string {
  const sat = s.satisfaction;
  return [
    `📊 ${title}工单统计：共 ${s.total} 张（${breakdown(s.byIntent, intentName)}）`,
    `类别：${breakdown(s.byCategory, categoryName)}`,
    `楼栋：${breakdown(s.byBuilding, (k) => k)}`,
    `响应：中位 ${s.medianResponseMinutes === null ? '—' : `${Math.round(s.medianResponseMinutes)}分钟`}，按时 ${percent(s.respondedInTime.share)}（${s.respondedInTime.within}/${s.respondedInTime.count}）`,
    `解决：中位 ${s.medianResolutionHours === null ? '—' : `${s.medianResolutionHours.toFixed(1)}小时`}，按时 ${percent(s.resolvedInTime.share)}（${s.resolvedInTime.within}/${s.resolvedInTime.count}）`,
    `满意度：${percent(sat.share)}（${sat.satisfied}/${sat.ratings} 个4-5分）${sat.belowTarget ? `⚠️ 低于${percent(SATISFACTION_TARGET)}，需要内部复盘` : ''}`,
    `投诉最多：${s.topComplaints.length ? s.topComplaints.map(([c, n]) => `${categoryName(c)}${n}`).join('、') : '无'}`,
  ].join('\n');
}

export async function statsText(tx: Tx, config: Config, now: Date, range: Range): Promise<string> {
  const from = rangeStart(now, range, config.timezone);
  const facts = await loadFacts(tx, from, new Date(now.getTime() + 1));
  return formatStats(RANGE_NAMES[range], computeStats(facts.tickets, facts.ratings, { asOf: now, timezone: config.timezone }));
}
