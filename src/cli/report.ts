/**
 * npm run report -- --month 2026-11 [--out reports]
 * The monthly review: tickets by intent, category and building, response and resolution times,
 * satisfaction, per staff member, top complaints — as CSV files plus SVG charts a manager can paste
 * into the review. The figures are the console's and `统计`'s (src/domain/reports/figures.ts).
 */
import { resolve } from 'node:path';
import { configOrExit, openDatabase } from '../boot.js';
import { systemClock } from '../clock.js';
import { writeMonthlyReport } from '../domain/reports/monthly.js';
import { formatStats } from '../domain/reports/stats-command.js';
import { localDate } from '../domain/time.js';
import { createLogger } from '../log.js';

function option(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1] ?? null;
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : null;
}

async function main(): Promise<number> {
  const config = configOrExit();
  const month = option('month') ?? localDate(systemClock.now(), config.timezone).slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    process.stderr.write(`usage: npm run report -- --month 2026-11 [--out DIR]   (got --month ${month})\n`);
    return 2;
  }
  const outDir = resolve(option('out') ?? 'reports');
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const database = await openDatabase(config, log);
  try {
    const report = await writeMonthlyReport(database.db, config, month, outDir, systemClock.now());
    process.stdout.write(`${formatStats(report.figures.range.label, report.figures)}\n\n`);
    for (const f of report.files) process.stdout.write(`wrote ${f}\n`);
    return 0;
  } finally {
    await database.shutdown();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`report failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
