import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { schedules } from '../../src/db/schema.js';
import { buildWebServer } from '../../src/web/server.js';
import { GROUP, Harness, STAFF_ROOM } from '../foundation/harness.js';
import { signInDemo } from '../helpers/web.js';

let h: Harness;
let app: FastifyInstance;

const signIn = (name: string) => signInDemo(app, h, name);

beforeAll(async () => {
  h = await Harness.start();
  ({ app } = await buildWebServer({
    db: h.db.db, config: loadConfig({ WEB_PORT: '0' }), clock: h.clock, log: h.log, wechat: () => ({ mode: 'simulator', loggedIn: true }), wake: () => h.core.wake(),
  }));
});
afterAll(async () => {
  await app?.close();
  await h?.stop();
});

describe('notices, groups and bot pages', () => {
  it('previews a notice (groups, quiet-hours deferral) without creating it, creates it on confirmation, and shows its delivery per group', async () => {
    const wang = await signIn('王主管');
    const draft = { scope: '阳光花园3栋', at: '2026-11-23T22:30', cron: '', text: '明天上午9点到11点停水，请提前储水' };
    const preview = await wang.post('/notices', { ...draft, step: 'preview' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('共 1 个业主群');
    expect(preview.body).toContain('免打扰时段（21:00-08:00）内，将顺延到');
    expect(preview.body).toContain(GROUP);
    expect(await h.db.db.select().from(schedules).where(eq(schedules.kind, 'notice'))).toHaveLength(0);

    const created = await wang.post('/notices', { ...draft, step: 'create' });
    expect(created.body).toContain('已安排通知（编号');
    const [row] = await h.db.db.select().from(schedules).where(eq(schedules.kind, 'notice'));
    expect(row!.payload.text).toBe(draft.text);
    expect((await wang.get('/notices')).body).toContain('还没有发出');

    await h.driver.advanceTo(new Date('2026-11-24T08:10:00+08:00'));
    await h.sendAll();
    expect(h.saidIn(GROUP).map((s) => s.text)).toContain(`【物业通知】${draft.text}`);
    expect((await wang.get('/notices')).statusCode).toBe(302); // ten idle hours later the session has ended
    expect((await (await signIn('王主管')).get('/notices')).body).toContain(`${GROUP}：已发送`);
  });

  it('refuses a notice in the past or without text, and cancels a scheduled one', async () => {
    const wang = await signIn('王主管');
    expect((await wang.post('/notices', { scope: '全部', at: '2026-11-01T09:00', cron: '', text: '旧的', step: 'create' })).body).toContain('已经过去了');
    expect((await wang.post('/notices', { scope: '全部', at: '2026-12-01T09:00', cron: '', text: '', step: 'create' })).statusCode).toBe(400);
    const made = await wang.post('/notices', { scope: '全部', at: '', cron: '0 9 * * 1', text: '每周一例行检查消防通道', step: 'create' });
    const id = /已安排通知（编号 (\d+)）/.exec(made.body)![1]!;
    expect((await wang.post(`/notices/${id}/cancel`, {})).body).toContain(`已取消通知（编号 ${id}）`);
    const [row] = await h.db.db.select().from(schedules).where(eq(schedules.id, Number(id)));
    expect(row!.active).toBe(false);
  });

  it('lets a technician read notices but not create them', async () => {
    const li = await signIn('李师傅');
    expect((await li.get('/notices')).body).toContain('新建和取消通知需要主管或经理权限');
    const res = await li.post('/notices', { scope: '全部', at: '2026-12-01T09:00', cron: '', text: '测试', step: 'create' });
    expect(res.statusCode).toBe(403);
  });

  it('shows groups with their mapping and the roster, and the bot\'s queue and sends against the cap', async () => {
    const wang = await signIn('王主管');
    const groups = (await wang.get('/groups')).body;
    expect(groups).toContain(GROUP);
    expect(groups).toContain(STAFF_ROOM);
    expect(groups).toContain('李师傅</td><td>维修师傅');
    const bot = (await wang.get('/bot')).body;
    expect(bot).toContain('模拟器（没有微信令牌）');
    expect(bot).toMatch(/data-testid="sent-today">\d+ \/ 2000/);
  });
});
