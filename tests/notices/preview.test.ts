import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deferral, previewNotice, type NoticePreview } from '../../src/domain/notices/preview.js';
import { Harness } from '../foundation/harness.js';

const STAFF_ROOM = '阳光花园物业工作群';
const SETUP = [
  { setup: 'room', room: '阳光花园3栋业主群', community: '阳光花园', building: '3栋' },
  { setup: 'room', room: '阳光花园5栋业主群', community: '阳光花园', building: '5栋' },
  { setup: 'room', room: '翠湖苑1栋业主群', community: '翠湖苑', building: '1栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
];
const t = (s: string) => new Date(`${s}+08:00`);

describe('deferral by quiet hours (21:00–08:00)', () => {
  const config = loadConfig({});
  it('holds a scheduled notice until 08:00; an urgent one and a daytime one go at once', () => {
    expect(deferral(config, t('2026-11-23T22:00:00'))).toEqual({
      at: t('2026-11-23T22:00:00'), sendsAt: t('2026-11-24T08:00:00'), deferred: true,
      note: '该时间在免打扰时段（21:00-08:00）内，将顺延到 11月24日(周二) 08:00 发出。',
    });
    expect(deferral(config, t('2026-11-24T06:30:00')).sendsAt).toEqual(t('2026-11-24T08:00:00'));
    expect(deferral(config, t('2026-11-23T22:00:00'), true)).toMatchObject({ sendsAt: t('2026-11-23T22:00:00'), deferred: false, note: '' });
    expect(deferral(config, t('2026-11-23T10:00:00'))).toMatchObject({ deferred: false });
    expect(deferral(loadConfig({ QUIET_HOURS: 'off' }), t('2026-11-23T23:00:00'))).toMatchObject({ deferred: false });
  });
});

describe('previewNotice tells the truth about a notice before it is created', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ setup: SETUP, start: '2026-11-23T19:00:00+08:00' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('reports the groups in scope and the quiet-hours release, and the notice then goes exactly there and then', async () => {
    const now = h.clock.now();
    const preview = await previewNotice(h.db.db, h.config, '阳光花园', t('2026-11-23T22:00:00'), now) as NoticePreview;
    expect(preview.ok).toBe(true);
    expect(preview.scopeName).toBe('阳光花园');
    expect(preview.groups.map((g) => g.topic).sort()).toEqual(['阳光花园3栋业主群', '阳光花园5栋业主群']);
    expect(preview.first).toMatchObject({ sendsAt: t('2026-11-24T08:00:00'), deferred: true });
    expect(preview.summary).toBe('将发往阳光花园，共 2 个业主群，11月23日(周一) 22:00 发出。该时间在免打扰时段（21:00-08:00）内，将顺延到 11月24日(周二) 08:00 发出。');

    await h.say('王主管', '定时通知 今晚10点 阳光花园 明天上午9点到12点停水，请提前储水', STAFF_ROOM);
    await h.driver.advanceTo(t('2026-11-24T09:00:00'));
    const notices = h.said.filter((s) => s.text.startsWith('【物业通知】'));
    expect(notices.map((s) => h.world.roomById(s.roomId!)?.payload.topic).sort()).toEqual(preview.groups.map((g) => g.topic).sort());
    for (const n of notices) {
      expect(n.at).toBeGreaterThanOrEqual(preview.first.sendsAt.getTime());
      expect(n.at).toBeLessThan(preview.first.sendsAt.getTime() + 60_000);
    }
    // the chat confirmation says the same
    const confirm = h.saidIn(STAFF_ROOM).find((s) => s.text.includes('已安排定时通知'))!;
    expect(confirm.text).toContain('共 2 个业主群');
    expect(confirm.text).toContain(preview.first.note);
  });

  it('a building, everything, a repeating notice, urgent; bad scopes and past times are explained', async () => {
    const now = t('2026-11-24T10:00:00');
    const building = await previewNotice(h.db.db, h.config, '3栋', t('2026-11-24T15:00:00'), now) as NoticePreview;
    expect(building.groups.map((g) => g.topic)).toEqual(['阳光花园3栋业主群']);
    expect(building.first).toMatchObject({ sendsAt: t('2026-11-24T15:00:00'), deferred: false, note: '' });
    const all = await previewNotice(h.db.db, h.config, { community: null, building: null }, now, now) as NoticePreview;
    expect(all.groups).toHaveLength(3); // never the staff room
    expect(all.scopeName).toBe('全部业主群');
    // every day at 21:30: each run held to 08:00 the next morning
    const daily = await previewNotice(h.db.db, h.config, '全部', { cron: '30 21 * * *' }, now) as NoticePreview;
    expect(daily.runs.map((r) => [r.at, r.sendsAt])).toEqual([
      [t('2026-11-24T21:30:00'), t('2026-11-25T08:00:00')],
      [t('2026-11-25T21:30:00'), t('2026-11-26T08:00:00')],
      [t('2026-11-26T21:30:00'), t('2026-11-27T08:00:00')],
    ]);
    const urgent = await previewNotice(h.db.db, h.config, '翠湖苑', t('2026-11-24T23:00:00'), now, { urgent: true }) as NoticePreview;
    expect(urgent.first).toMatchObject({ sendsAt: t('2026-11-24T23:00:00'), deferred: false });

    expect(await previewNotice(h.db.db, h.config, '幸福里', now, now)).toMatchObject({ ok: false, error: expect.stringContaining('没有找到「幸福里」') });
    expect(await previewNotice(h.db.db, h.config, '全部', t('2026-11-24T09:00:00'), now)).toEqual({ ok: false, error: '11月24日(周二) 09:00 已经过去了，请选一个以后的时间。' });
    expect(await previewNotice(h.db.db, h.config, '全部', { cron: '99 * * * *' }, now)).toMatchObject({ ok: false, error: expect.stringContaining('重复时间') });
  });
});
