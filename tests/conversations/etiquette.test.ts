import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, at, inGroup } from '../helpers/community.js';
import { GROUP as H_GROUP, Harness, REPAIR } from '../foundation/harness.js';

describe('group etiquette, decided in the send path', () => {
  it('the same FAQ answer is posted once in half an hour; a later @mention gets a one-line pointer', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: at('10:00'), room: GROUP, from: '刘先生', text: '物业费怎么交？' },
      { at: at('10:03'), room: GROUP, from: '陈伯', text: '大家中午吃啥' },
      { at: at('10:05'), room: GROUP, from: '孙姐', text: '请问物业费在哪里交' },
      { at: at('10:09'), room: GROUP, from: '小周', text: '@邻里小助手 物业费怎么交啊' },
      { at: at('10:45'), room: GROUP, from: '老赵', text: '物业费怎么交？' },
    ]);
    const group = inGroup(said);
    const answers = group.filter((s) => s.text.length > 40);
    expect(answers.map((s) => s.at.slice(11, 16))).toEqual(['10:00', '10:45']);
    const pointer = group.find((s) => s.mentions?.includes('小周'))!;
    expect(pointer.text).toContain('刚才（10:00）已在群里回答过');
    expect(group.some((s) => s.mentions?.includes('孙姐'))).toBe(false);
  });

  it('six separate reports in six minutes: four messages in ten minutes, the other acknowledgements wait and go out merged', async () => {
    const reports: [string, string][] = [
      ['刘先生', '我家卫生间的灯不亮了'], ['孙姐', '我家厨房水龙头关不紧一直滴水'], ['陈伯', '我家阳台晾衣架摇不下来了'],
      ['小周', '我家入户门的锁坏了打不开'], ['老赵', '我家马桶堵了麻烦来修一下'], ['钱阿姨', '我家客厅的插座没电了'],
    ];
    const { said, tickets } = await simulate([
      ...SETUP,
      ...reports.map(([from, text], i) => ({ at: at(`09:0${i}`), room: GROUP, from, text })),
      { at: at('09:30') },
    ]);
    expect(tickets).toHaveLength(6);
    const group = inGroup(said);
    const inWindow = (from: string) => group.filter((s) => s.at >= from && s.at < new Date(new Date(from).getTime() + 600_000).toISOString());
    for (const s of group) expect(inWindow(s.at).length).toBeLessThanOrEqual(4);
    // nothing lost: every ticket number is acknowledged, every reporter mentioned
    for (const t of tickets) expect(group.some((s) => s.text.includes(`#${t.id}`) && s.mentions?.includes(t.reporter))).toBe(true);
    expect(group).toHaveLength(5);
  });
});

describe('acknowledgements due at the same moment', () => {
  it('two reports handled at the same moment in one group are acknowledged in one message that @mentions both', async () => {
    const h = await Harness.start();
    try {
      // both arrive before the bot gets to either: one batch, one moment
      await h.world.say(h.world.person('张阿姨'), REPAIR, h.room(H_GROUP));
      await h.world.say(h.world.person('刘先生'), '我家卫生间的灯不亮了，麻烦来修一下', h.room(H_GROUP));
      await h.driver.settle();
      await h.sendAll();
      expect(await h.tickets()).toHaveLength(2);
      const group = h.saidIn(H_GROUP);
      expect(group).toHaveLength(1);
      expect(group[0]!.text).toMatch(/#1[\s\S]*#2/);
      expect([...group[0]!.mentionNames].sort()).toEqual(['刘先生', '张阿姨'].sort());
    } finally {
      await h.stop();
    }
  });
});
