import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connect.js';
import { dashboardCharts } from './charts.js';
import { dashboardFigures, figureTables, monthRange, tableCsv, ticketListTable, type Figures } from './figures.js';

export interface MonthlyReport {
  figures: Figures;
  /** every file written, in order: the ticket list, each figure table as CSV, each chart as SVG */
  files: string[];
}

/**
 * The month's review, from the same figures as the console and `统计`: `tickets-2026-11.csv`
 * (one row per ticket), one CSV per figure table (`summary-`, `intent-`, `category-`, `building-`,
 * `staff-`, `daily-`, `complaints-2026-11.csv`) and the charts as SVG (`chart-daily-2026-11.svg`, …).
 */
export async function writeMonthlyReport(db: Db, config: Config, month: string, outDir: string, now: Date): Promise<MonthlyReport> {
  const range = monthRange(month, config.timezone);
  const figures = await dashboardFigures(db, config, range, now);
  const tables = [await ticketListTable(db, config, range), ...figureTables(figures)];
  const charts = await dashboardCharts(figures);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const t of tables) {
    const file = join(outDir, `${t.name}-${month}.csv`);
    writeFileSync(file, tableCsv(t));
    files.push(file);
  }
  for (const c of charts) {
    const file = join(outDir, `chart-${c.name}-${month}.svg`);
    writeFileSync(file, c.svg);
    files.push(file);
  }
  return { figures, files };
}
