import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connect.js';
import { categoryName, intentName, statusName } from '../tickets/lifecycle.js';
import { monthBounds } from '../time.js';
import { monthlyChart } from './chart.js';
import { toCsv } from './csv.js';
import { loadFacts } from './load.js';
import { computeStats, percent, SATISFACTION_TARGET, type TicketStats } from './stats.js';

export interface MonthlyReport { stats: TicketStats; files: { tickets: string; summary: string; chart: string } }


const round = (x: number | null, digits = 1) => (x === null ? '' : Number(x.toFixed(digits)));

/** Writes the month's ticket list and summary as CSV and the volume/satisfaction chart as PNG. */
export async function writeMonthlyReport(db: Db, config: Config, month: string, outDir: string, asOf: Date): Promise<MonthlyReport> {
  const { from, to, days } = monthBounds(month, config.timezone);
  const facts = await loadFacts(db, from, to);
  const stats = computeStats(facts.tickets, facts.ratings, { asOf: asOf < to ? asOf : to, timezone: config.timezone, days });
  mkdirSync(outDir, { recursive: true });
  const files = {
    tickets: join(outDir, `tickets-${month}.csv`),
    summary: join(outDir, `summary-${month}.csv`),
    chart: join(outDir, `chart-${month}.png`),
  };
  const ratingsOf = (id: number) => facts.ratings.filter((r) => r.ticketId === id).map((r) => r.rating);
  writeFileSync(files.tickets, toCsv(
    ['工单号', '登记时间', '类型', '类别', '小区', '楼栋', '位置', '状态', '紧急', '反映人数', '响应分钟', '解决小时', '按时响应', '按时解决', '评分', '重开次数'],
    facts.rows.map((t) => [
      t.id, t.createdAt, intentName(t.intent), categoryName(t.category), t.community, t.building, t.location, statusName(t.status),
      t.urgent ? '是' : '否', t.reporterCount,
      t.acceptedAt ? round((t.acceptedAt.getTime() - t.createdAt.getTime()) / 60_000) : '',
      t.resolvedAt ? round((t.resolvedAt.getTime() - t.createdAt.getTime()) / 3_600_000, 2) : '',
      t.acceptedAt ? (t.acceptedAt <= t.respondDueAt ? '是' : '否') : '',
      t.resolvedAt ? (t.resolvedAt <= t.resolveDueAt ? '是' : '否') : '',
      ratingsOf(t.id).join('/'), t.reopenCount,
    ]),
  ));
  const s = stats;
  const rows: unknown[][] = [
    ['总量', '工单数', s.total],
    ...Object.entries(s.byIntent).map(([k, n]) => ['类型', intentName(k), n]),
    ...Object.entries(s.byCategory).sort((a, b) => b[1] - a[1]).map(([k, n]) => ['类别', categoryName(k), n]),
    ...Object.entries(s.byBuilding).sort((a, b) => b[1] - a[1]).map(([k, n]) => ['楼栋', k, n]),
    ['时效', '响应时间中位数（分钟）', round(s.medianResponseMinutes)],
    ['时效', '解决时间中位数（小时）', round(s.medianResolutionHours, 2)],
    ['时效', '按时响应比例', percent(s.respondedInTime.share)],
    ['时效', '按时解决比例', percent(s.resolvedInTime.share)],
    ['满意度', '评价数', s.satisfaction.ratings],
    ['满意度', '满意（4-5分）比例', percent(s.satisfaction.share)],
    ['满意度', `低于${percent(SATISFACTION_TARGET)}需复盘`, s.satisfaction.belowTarget ? '是' : '否'],
    ...s.topComplaints.map(([k, n], i) => ['投诉最多', `${i + 1}. ${categoryName(k)}`, n]),
    ...s.perDay.map((d) => ['每日', d.date, `${d.tickets}张，评价${d.ratings}，满意${d.satisfied}`]),
  ];
  writeFileSync(files.summary, toCsv(['分组', '项目', '数值'], rows));
  writeFileSync(files.chart, monthlyChart(stats, `LINLI ${month}`));
  return { stats, files };
}
