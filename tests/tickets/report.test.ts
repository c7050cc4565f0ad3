import { execFile, type ExecFileOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketReporters, tickets } from '../../src/db/schema.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const run = promisify(execFile) as unknown as (file: string, args: string[], opts: ExecFileOptions) => Promise<{ stdout: string; stderr: string }>;

/** A month of tickets: 10 repairs and complaints over three days, 5 ratings of which 3 are 4–5. */
async function seed(db: TestDatabase): Promise<void> {
  const base = (day: number, hour: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const rows = [
    { day: 2, intent: 'repair', category: 'water', building: '3栋', respond: 10, resolve: 3, rating: 5 },
    { day: 2, intent: 'repair', category: 'lift', building: '3栋', respond: 5, resolve: 1, rating: 4 },
    { day: 2, intent: 'complaint', category: 'noise', building: '5栋', respond: 30, resolve: 30, rating: 2 },
    { day: 9, intent: 'complaint', category: 'noise', building: '5栋', respond: 12, resolve: 20, rating: 1 },
    { day: 9, intent: 'complaint', category: 'parking', building: null, respond: 14, resolve: 5, rating: 5 },
    { day: 9, intent: 'repair', category: 'power', building: '3栋', respond: 8, resolve: 2, rating: null },
    { day: 20, intent: 'inquiry', category: 'fees', building: '3栋', respond: 3, resolve: 1, rating: null },
    { day: 20, intent: 'repair', category: 'doors', building: '5栋', respond: 20, resolve: null, rating: null },
    { day: 20, intent: 'repair', category: 'water', building: '5栋', respond: null, resolve: null, rating: null },
    { day: 30, intent: 'complaint', category: 'hygiene', building: '3栋', respond: 9, resolve: 4, rating: null },
    // another month: not in the report
    { day: 1, intent: 'repair', category: 'water', building: '3栋', respond: 9, resolve: 4, rating: null, month: '12' },
  ];
  for (const r of rows) {
    const created = (r as { month?: string }).month ? new Date('2026-12-01T10:00:00+08:00') : base(r.day, 9);
    const accepted = r.respond === null ? null : new Date(created.getTime() + r.respond * 60_000);
    const resolved = r.resolve === null ? null : new Date(created.getTime() + r.resolve * 3_600_000);
    const [t] = await db.db.insert(tickets).values({
      intent: r.intent, category: r.category, status: resolved ? 'closed' : accepted ? 'accepted' : 'open', roomId: 'r1',
      reporterId: 'c1', reporterName: '张阿姨', community: '阳光花园', building: r.building, summary: '测试', createdAt: created,
      acceptedAt: accepted, resolvedAt: resolved, respondDueAt: new Date(created.getTime() + 15 * 60_000),
      resolveDueAt: new Date(created.getTime() + (r.category === 'lift' ? 2 : 24) * 3_600_000), rating: r.rating,
    }).returning();
    await db.db.insert(ticketReporters).values({ ticketId: t!.id, contactId: 'c1', name: '张阿姨', roomId: 'r1', createdAt: created, rating: r.rating, ratedAt: resolved });
  }
}

describe('npm run report -- --month 2026-11', () => {
  let db: TestDatabase;
  let out: string;
  beforeAll(async () => {
    db = await freshDatabase();
    await seed(db);
    out = mkdtempSync(join(tmpdir(), 'linli-report-'));
  });
  afterAll(async () => {
    await db.dispose();
    if (process.env.KEEP_REPORT) process.stdout.write(`report kept in ${out}\n`);
    else rmSync(out, { recursive: true, force: true });
  });

  it('writes the ticket list, every figure table as CSV and the charts as SVG, and flags satisfaction below 70%', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/report.ts', '--month', '2026-11', '--out', out], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, timeout: 60_000,
    });
    expect(stdout).toContain('2026年11月工单统计：共 10 张');
    expect(stdout).toContain('满意度：60%（3/5 个4-5分）⚠️ 低于70%');
    const csv = (name: string) => readFileSync(join(out, `${name}-2026-11.csv`), 'utf8');
    const ticketsCsv = csv('tickets');
    expect(ticketsCsv.startsWith('\uFEFF工单号,登记时间,类型')).toBe(true);
    expect(ticketsCsv.trim().split('\r\n')).toHaveLength(11);
    expect(ticketsCsv).toContain('2026-11-02 09:00,报修,水管');
    const summary = csv('summary');
    expect(summary).toContain('工单数,10');
    expect(summary).toContain('响应时间中位数（分钟）,10');
    expect(summary).toContain('满意（4-5分）比例,60%');
    expect(summary).toContain('低于70%需复盘,是');
    expect(csv('intent')).toContain('报修,5');
    expect(csv('category')).toContain('\r\n噪音,2,');
    expect(csv('building')).toContain('阳光花园5栋,4');
    expect(csv('complaints')).toContain('1,噪音,2');
    const daily = csv('daily').trim().split('\r\n');
    expect(daily).toHaveLength(31); // the header and every day of November, quiet days too
    expect(daily).toContain('2026-11-02,3,2,2,100%');
    expect(daily).toContain('2026-11-30,1,0,0,—');
    expect(csv('staff').startsWith('\uFEFF员工,角色,处理工单')).toBe(true);
    const chart = readFileSync(join(out, 'chart-daily-2026-11.svg'), 'utf8');
    expect(chart.startsWith('<svg')).toBe(true);
    for (const label of ['每日工单量与满意度（2026年11月）', '工单数', '满意度', '目标 70%', '11/2']) expect(chart).toContain(label);
    const satisfaction = readFileSync(join(out, 'chart-satisfaction-2026-11.svg'), 'utf8');
    expect(satisfaction).toContain('满意度 60%');
    expect(satisfaction).toContain('需要内部复盘');
    expect(stdout).toContain(`wrote ${join(out, 'chart-timeliness-2026-11.svg')}`);
  }, 90_000);

  it('refuses a malformed month', async () => {
    await expect(run('npx', ['tsx', 'src/cli/report.ts', '--month', '2026-13'], { env: { ...process.env, DATABASE_URL: db.url }, timeout: 60_000 }))
      .rejects.toMatchObject({ code: 2 });
  }, 90_000);
});
