import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup } from '../helpers/community.js';
import { outageWindow } from '../../src/domain/conversations/outage-window.js';

describe('planned outages', () => {
  it('reports during a notified water cut are pointed to the notice once, and open no ticket', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('08:30'), room: STAFF, from: '王主管', text: '通知 3栋 今天9:00-12:00二次供水水箱清洗，3栋停水，请大家提前储水。' },
      { at: at('09:05'), room: GROUP, from: '刘先生', text: '怎么没水了？' },
      { at: at('09:06'), room: GROUP, from: '孙姐', text: '我家也没水' },
      { at: at('09:07'), room: GROUP, from: '陈伯', text: '水龙头一滴水都没有，物业快来看看' },
      { at: at('09:20'), room: GROUP, from: '小周', text: '停水了？几点来水' },
      { at: at('09:30') },
    ]);
    expect(tickets).toHaveLength(0);
    const group = inGroup(said);
    const pointers = group.filter((s) => s.text.includes('计划停水'));
    expect(pointers).toHaveLength(1);
    expect(pointers[0]!.text).toContain('12:00恢复');
    expect(pointers[0]!.mentions).toEqual(['刘先生']);
    // the notice itself, the one pointer: nothing else
    expect(group).toHaveLength(2);
  });

  it('after the notified window a report is a fault again', async () => {
    const { tickets } = await simulate([
      ...SETUP,
      { at: at('08:30'), room: STAFF, from: '王主管', text: '通知 3栋 今天9:00-12:00二次供水水箱清洗，3栋停水，请大家提前储水。' },
      { at: at('13:10'), room: GROUP, from: '刘先生', text: '都下午了怎么还是没水，麻烦派人来看看' },
      { at: at('13:20') },
    ]);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ category: 'water' });
  });

  it('reads the windows notices are written with', () => {
    const sent = new Date('2026-11-22T10:00:00+08:00');
    const w = (text: string) => outageWindow(text, sent, 'Asia/Shanghai');
    expect(w('明天上午9点到下午5点停电检修')).toEqual({ what: '停电', from: new Date('2026-11-23T09:00:00+08:00'), to: new Date('2026-11-23T17:00:00+08:00') });
    expect(w('11月24日 22:00-06:00 停水')).toEqual({ what: '停水', from: new Date('2026-11-24T22:00:00+08:00'), to: new Date('2026-11-25T06:00:00+08:00') });
    expect(w('明天停水，请储水')).toBeNull();
    expect(w('今天9:00-12:00 电梯保养')).toBeNull();
  });
});
