import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { categoryName, intentName } from '../tickets/lifecycle.js';
import { dashboardFigures, figureRange, type RangePreset } from './figures.js';
import { percent, SATISFACTION_TARGET, type TicketStats } from './stats.js';

function breakdown(counts: Record<string, number>, name: (k: string) => string): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${name(k)}${n}`).join('、') : '无';
}

type Shown = Pick<TicketStats, 'total' | 'byIntent' | 'byCategory' | 'byBuilding' | 'medianResponseMinutes' | 'medianResolutionHours'
  | 'respondedInTime' | 'resolvedInTime' | 'satisfaction' | 'topComplaints'>;

/** The figures as `统计` shows them in chat (and `npm run report` on its terminal). */
export function formatStats(title: string, s: Shown): string {
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

/** `统计 [今天|本周|本月]`: the dashboard's figures for the same range, as text. */
export async function statsText(tx: Tx, config: Config, now: Date, range: RangePreset): Promise<string> {
  const f = await dashboardFigures(tx, config, figureRange(range, now, config.timezone), now);
  return formatStats(f.range.label, f);
}
