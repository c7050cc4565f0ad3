import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ticketReporters, tickets } from '../../src/db/schema.js';
import { dashboardCharts } from '../../src/domain/reports/charts.js';
import { dashboardFigures, dayRange, figureRange, figureTables, monthRange, rangeStart, tableCsv, type Figures } from '../../src/domain/reports/figures.js';
import { formatStats } from '../../src/domain/reports/stats-command.js';
import { GROUP, Harness, REPAIR, SETUP, STAFF_ROOM } from '../foundation/harness.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const TZ = 'Asia/Shanghai';
const t = (s: string) => new Date(`${s}+08:00`);

describe('ranges in the company time zone', () => {
  it('today, this week (from Monday) and this month run up to now; a custom range is as given', () => {
    const sunday = t('2026-11-29T23:30:00');
    expect(rangeStart(sunday, 'week', TZ)).toEqual(t('2026-11-23T00:00:00'));
    expect(rangeStart(t('2026-11-23T00:10:00'), 'week', TZ)).toEqual(t('2026-11-23T00:00:00'));
    expect(figureRange('today', sunday, TZ)).toEqual({ from: t('2026-11-29T00:00:00'), to: new Date(sunday.getTime() + 1), label: '今天' });
    expect(figureRange('month', sunday, TZ).from).toEqual(t('2026-11-01T00:00:00'));
    expect(figureRange({ from: t('2026-11-01T00:00:00'), to: t('2026-11-08T00:00:00') }, sunday, TZ).label).toBe('2026-11-01 至 2026-11-07');
    expect(() => figureRange({ from: sunday, to: sunday }, sunday, TZ)).toThrow(RangeError);
    expect(monthRange('2026-12', TZ)).toEqual({ from: t('2026-12-01T00:00:00'), to: t('2027-01-01T00:00:00'), label: '2026年12月' });
  });

  it('a range typed into a form: both days included, bad input explained in Chinese', () => {
    expect(dayRange('2026-11-01', '2026-11-07', TZ)).toEqual({ ok: true, range: { from: t('2026-11-01T00:00:00'), to: t('2026-11-08T00:00:00'), label: '2026-11-01 至 2026-11-07' } });
    expect(dayRange('2026-11-05', '2026-11-05', TZ)).toMatchObject({ ok: true, range: { label: '2026-11-05' } });
    expect(dayRange('2026-11-07', '2026-11-01', TZ)).toEqual({ ok: false, error: '结束日期不能早于开始日期。' });
    expect(dayRange('2026-02-30', '2026-03-01', TZ)).toMatchObject({ ok: false });
    expect(dayRange('昨天', '2026-03-01', TZ)).toMatchObject({ ok: false, error: expect.stringContaining('2026-11-01') });
    expect(dayRange('2024-01-01', '2026-01-01', TZ)).toMatchObject({ ok: false, error: expect.stringContaining('366') });
  });
});

describe('the dashboard figures are 统计\'s figures (one computation)', () => {
  let h: Harness;
  const staffSaid = () => h.saidIn(STAFF_ROOM).map((s) => s.text);
  const at = async (local: string) => h.driver.advanceTo(t(`2026-11-${local}`));
  const say = async (who: string, text: string, room: string | null = GROUP) => {
    await h.say(who, text, room);
    await h.sendAll(60_000);
  };
  /** What `统计 <range>` answered in the staff room. */
  const statsReply = async (args: string) => {
    const before = staffSaid().length;
    await say('王主管', `统计 ${args}`.trim(), STAFF_ROOM);
    const reply = staffSaid().slice(before).find((s) => s.includes('工单统计'));
    expect(reply).toBeDefined();
    return reply!;
  };

  beforeAll(async () => {
    h = await Harness.start({
      setup: [...SETUP, { setup: 'staff', name: '陈客服', role: 'agent' }, { setup: 'resident', name: '陈伯', room: GROUP, unit: '3栋3单元301' }],
      start: '2026-11-20T09:00:00+08:00',
    });
    // last week (Friday): a repair accepted and fixed by 李师傅, rated 5
    await say('张阿姨', REPAIR);
    await at('20T09:05:00');
    await say('李师傅', '接单 #1', STAFF_ROOM);
    await at('20T11:00:00');
    await say('李师傅', '完成 #1', STAFF_ROOM);
    await say('张阿姨', '5');
    // this week (Monday 23rd): a complaint assigned late, resolved late, rated 2
    await at('23T09:00:00');
    await say('刘先生', '小区保安晚上值班老是睡觉，太不负责任了');
    await at('23T09:40:00');
    await say('王主管', '派单 #2 @李师傅', STAFF_ROOM);
    await at('24T15:00:00');
    await say('李师傅', '完成 #2', STAFF_ROOM);
    await say('刘先生', '2');
    // Wednesday 25th: a repair nobody has taken yet, then the question
    await at('25T10:00:00');
    await say('陈伯', '楼道灯坏了，晚上黑乎乎的');
    await at('25T11:00:00');
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  it.each([['今天', 'today'], ['本周', 'week'], ['本月', 'month']] as const)('统计 %s equals the dashboard for the same range', async (word, preset) => {
    const reply = await statsReply(word);
    const now = h.clock.now();
    const f = await dashboardFigures(h.db.db, h.config, figureRange(preset, now, h.config.timezone), now);
    expect(reply).toContain(formatStats(f.range.label, f));
  });

  it('counts what happened: volumes, times, satisfaction, per staff member', async () => {
    const now = h.clock.now();
    const week = await dashboardFigures(h.db.db, h.config, figureRange('week', now, TZ), now);
    expect(week.total).toBe(2);
    expect(week.byIntent).toEqual({ complaint: 1, repair: 1 });
    expect(week.range.days).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect(week.perDay.map((d) => d.tickets)).toEqual([1, 0, 1]);
    // the complaint was answered after 40 minutes (late); the new repair's 15 minutes have passed too
    expect(week.respondedInTime).toEqual({ count: 2, within: 0, share: 0 });
    expect(week.medianResponseMinutes).toBe(40);
    expect(week.satisfaction).toEqual({ ratings: 1, satisfied: 0, share: 0, belowTarget: true });
    expect(week.ratingCounts).toEqual([0, 1, 0, 0, 0]);
    const li = week.staff.find((s) => s.name === '李师傅')!;
    expect(li).toMatchObject({ tickets: 1, resolved: 1, roleName: '维修师傅', medianResponseMinutes: 40, satisfaction: { ratings: 1, share: 0 } });
    // staff with nothing this week are listed with zeros
    expect(week.staff.find((s) => s.name === '陈客服')).toMatchObject({ tickets: 0, medianResponseMinutes: null });

    const month = await dashboardFigures(h.db.db, h.config, figureRange('month', now, TZ), now);
    expect(month.total).toBe(3);
    expect(month.satisfaction).toMatchObject({ ratings: 2, satisfied: 1, share: 0.5 });
    expect(month.staff.find((s) => s.name === '李师傅')).toMatchObject({ tickets: 2, resolved: 2 });
    // a custom range ending before the repair was reported does not judge what came after
    const custom = await dashboardFigures(h.db.db, h.config, { from: t('2026-11-20T00:00:00'), to: t('2026-11-21T00:00:00') }, now);
    expect(custom).toMatchObject({ total: 1, respondedInTime: { within: 1, count: 1 }, satisfaction: { share: 1 } });
  });

  it('every table can be downloaded as CSV, with the per-category targets from config.sla', async () => {
    const now = h.clock.now();
    const f = await dashboardFigures(h.db.db, loadConfig({ SLA_RESOLVE_HOURS_BY_CATEGORY: 'power:6' }), figureRange('month', now, TZ), now);
    const tables = figureTables(f);
    expect(tables.map((x) => x.name)).toEqual(['summary', 'intent', 'category', 'building', 'staff', 'daily', 'complaints']);
    for (const table of tables) for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    const category = tables.find((x) => x.name === 'category')!;
    const light = category.rows.find((r) => r[0] === '用电/照明')!;
    expect(light[category.columns.indexOf('解决目标（小时）')]).toBe(6);
    const csv = tableCsv(tables.find((x) => x.name === 'staff')!);
    expect(csv.startsWith('\uFEFF员工,角色,处理工单,已解决')).toBe(true);
    expect(csv).toContain('\r\n李师傅,维修师傅,2,2,');
  });

  it('the charts are SVG with their Chinese labels', async () => {
    const now = h.clock.now();
    const f = await dashboardFigures(h.db.db, h.config, figureRange('month', now, TZ), now);
    const charts = await dashboardCharts(f, { width: 640 });
    expect(charts.map((c) => c.name)).toEqual(['daily', 'category', 'satisfaction', 'timeliness']);
    const [daily, category, satisfaction, timeliness] = charts.map((c) => c.svg) as [string, string, string, string];
    for (const c of charts) expect(c.svg).toMatch(/^<svg [^>]*width="640"/);
    for (const label of ['每日工单量与满意度（本月）', '工单数', '满意度', '目标 70%', '11/25', '日期']) expect(daily).toContain(label);
    for (const label of ['各类别工单量', '用电/照明', '水管/用水']) expect(category).toContain(label);
    for (const label of ['满意度 50%', '1分', '5分', '评价数']) expect(satisfaction).toContain(label);
    expect(satisfaction).toContain('需要内部复盘');
    for (const label of ['按时响应与按时解决', '按时响应', '按时解决', '全部']) expect(timeliness).toContain(label);
  });
});

describe('figures from stored tickets', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('medians, on-time shares (a deadline still ahead is not judged), satisfaction and the 70% flag', async () => {
    const T0 = t('2026-10-05T09:00:00');
    const min = (n: number) => new Date(T0.getTime() + n * 60_000);
    const base = { reporterId: 'c1', reporterName: '张阿姨', community: '阳光花园', building: '3栋', summary: '测试', createdAt: min(0), respondDueAt: min(15), resolveDueAt: min(24 * 60) };
    const rows = await db.db.insert(tickets).values([
      { ...base, intent: 'repair', category: 'water', status: 'closed', acceptedAt: min(10), resolvedAt: min(120) },
      { ...base, intent: 'complaint', category: 'noise', status: 'accepted', acceptedAt: min(30), building: null },
      { ...base, intent: 'repair', category: 'water', status: 'open' },
    ]).returning();
    await db.db.insert(ticketReporters).values([
      { ticketId: rows[0]!.id, contactId: 'c1', name: '张阿姨', createdAt: min(0), rating: 5, ratedAt: min(200) },
      { ticketId: rows[1]!.id, contactId: 'c1', name: '张阿姨', createdAt: min(0), rating: 2, ratedAt: min(200) },
      { ticketId: rows[2]!.id, contactId: 'c1', name: '张阿姨', createdAt: min(0) },
    ]);
    const s = await dashboardFigures(db.db, loadConfig({}), { from: t('2026-10-05T00:00:00'), to: t('2026-10-06T00:00:00') }, min(60));
    expect(s.total).toBe(3);
    expect(s.byIntent).toEqual({ repair: 2, complaint: 1 });
    expect(s.byBuilding).toEqual({ 阳光花园3栋: 2, 未知楼栋: 1 });
    expect(s.medianResponseMinutes).toBe(20); // the mean of the two middle values
    expect(s.medianResolutionHours).toBe(2);
    expect(s.respondedInTime).toEqual({ count: 3, within: 1, share: 1 / 3 });
    expect(s.resolvedInTime).toEqual({ count: 1, within: 1, share: 1 });
    expect(s.satisfaction).toEqual({ ratings: 2, satisfied: 1, share: 0.5, belowTarget: true });
    expect(s.topComplaints).toEqual([['noise', 1]]);
    expect(s.perDay).toEqual([{ date: '2026-10-05', tickets: 3, ratings: 2, satisfied: 1 }]);
    expect(s.categories.map((c) => [c.name, c.tickets, c.respondedInTime.within, c.satisfaction.share])).toEqual([['水管/用水', 2, 1, 1], ['噪音', 1, 0, 0]]);
  });

  it('a month of 70,000 tickets, each rated: the figures are aggregated in the database', async () => {
    await db.db.execute(sql`
      insert into tickets (intent, category, status, reporter_id, reporter_name, community, building, summary, created_at, accepted_at, resolved_at, respond_due_at, resolve_due_at, assignee_id)
      select (array['repair','complaint','inquiry'])[1 + i % 3], (array['water','power','lift','noise','doors'])[1 + i % 5], 'closed', 'c' || i, '住户',
             '阳光花园', (1 + i % 20) || '栋', '测试',
             timestamptz '2026-11-01 00:00+08' + (i * interval '37 seconds'),
             timestamptz '2026-11-01 00:00+08' + (i * interval '37 seconds') + ((i % 30) * interval '1 minute'),
             timestamptz '2026-11-01 00:00+08' + (i * interval '37 seconds') + ((i % 40) * interval '1 hour'),
             timestamptz '2026-11-01 00:00+08' + (i * interval '37 seconds') + interval '15 minutes',
             timestamptz '2026-11-01 00:00+08' + (i * interval '37 seconds') + interval '24 hours',
             'staff' || (i % 12)
      from generate_series(0, 69999) as i`);
    await db.db.execute(sql`
      insert into ticket_reporters (ticket_id, contact_id, name, created_at, rating, rated_at)
      select id, reporter_id, '住户', created_at, 1 + id % 5, resolved_at from tickets where created_at >= timestamptz '2026-11-01 00:00+08'`);
    const config = loadConfig({});
    const started = performance.now();
    const f: Figures = await dashboardFigures(db.db, config, monthRange('2026-11', TZ), t('2026-12-05T00:00:00'));
    const ms = performance.now() - started;
    const charts = await dashboardCharts(f);
    process.stdout.write(`dashboard figures for 70,000 tickets: ${ms.toFixed(0)} ms\n`);
    expect(f.total).toBe(70_000); // October's three tickets are not counted
    expect(f.satisfaction.ratings).toBe(70_000);
    expect(f.perDay).toHaveLength(30);
    expect(f.perDay.reduce((n, d) => n + d.tickets, 0)).toBe(70_000);
    expect(f.staff).toHaveLength(12);
    expect(charts).toHaveLength(4);
  }, 120_000);
});
