import { describe, expect, it } from 'vitest';
import { timeFrom } from '../../src/domain/time.js';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, STAFF, at, inStaff } from '../helpers/community.js';

const TZ = 'Asia/Shanghai';

describe('deadlines in 工单 lists carry their day', () => {
  it('timeFrom: a time today, 明天/昨天, else the date', () => {
    const now = new Date('2026-11-23T23:30:00+08:00');
    expect(timeFrom(now, new Date('2026-11-23T09:00:00+08:00'), TZ)).toBe('09:00');
    expect(timeFrom(now, new Date('2026-11-24T00:05:00+08:00'), TZ)).toBe('明天 00:05');
    expect(timeFrom(now, new Date('2026-11-22T18:00:00+08:00'), TZ)).toBe('昨天 18:00');
    expect(timeFrom(now, new Date('2026-11-26T09:00:00+08:00'), TZ)).toBe('11-26 09:00');
    expect(timeFrom(now, new Date('2026-11-20T09:00:00+08:00'), TZ)).toBe('11-20 09:00');
  });

  it('工单 全部 shows today\'s deadlines as a time and the others with their day', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: at('10:00', 20), room: GROUP, from: '住户1', text: '我家卫生间水管漏水了' },
      { at: at('10:01', 20), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('10:00', 21), room: GROUP, from: '住户2', text: '我家客厅的灯不亮了' },
      { at: at('10:01', 21), room: STAFF, from: '李师傅', text: '接单 #2' },
      { at: at('10:00', 22), room: GROUP, from: '住户3', text: '我家阳台的窗户关不上了' },
      { at: at('10:01', 22), room: STAFF, from: '李师傅', text: '接单 #3' },
      { at: at('09:00'), room: GROUP, from: '住户4', text: '我家马桶堵了，麻烦来看看' },
      { at: at('09:01'), room: STAFF, from: '李师傅', text: '接单 #4' },
      { at: at('09:02'), room: GROUP, from: '住户5', text: '我家热水器坏了' },
      { at: at('09:05'), room: STAFF, from: '王主管', text: '工单 全部' },
    ]);
    const list = inStaff(said).find((s) => s.text.startsWith('全部未关闭工单'))!.text;
    const due = Object.fromEntries(list.split('\n').slice(1).map((l) => [l.slice(0, 2), / 限(.*)$/.exec(l)?.[1]]));
    expect(due).toEqual({
      '#1': '11-21 10:00', // overdue for two days
      '#2': '昨天 10:00',
      '#3': '10:00', // today
      '#4': '明天 09:00',
      '#5': '09:17', // the first response, today
    });
  }, 120_000);
});
