import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rooms } from '../../src/db/schema.js';
import { GROUP as H_GROUP, Harness, REPAIR, SETUP as H_SETUP, STAFF_ROOM as H_STAFF } from '../foundation/harness.js';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

const OFFICE = '物业二组';

describe('making a group the staff room takes a confirmation, refuses a building group and can be undone', () => {
  it('设为工作群 in a building group is refused privately; residents there keep being served', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '赵经理', text: '设为工作群' },
      { at: at('09:01'), room: GROUP, from: '赵经理', text: '设为工作群 确认' },
      { at: at('09:02'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
    ]);
    const toManager = said.filter((s) => s.to === '赵经理').map((s) => s.text);
    expect(toManager).toHaveLength(2);
    for (const t of toManager) {
      expect(t).toContain('本群对应 阳光花园 3栋，是业主群，不能设为工作群');
      expect(t).toContain('请先在本群发「本群 取消」解除对应，再发「设为工作群 确认」');
    }
    // the report is a ticket, its notice goes to the real staff room and nothing else reaches the group
    expect(tickets).toHaveLength(1);
    expect(inGroup(said).map((s) => s.mentions)).toEqual([['张阿姨']]);
    expect(inStaff(said).some((s) => s.text.includes('新报修工单 #1'))).toBe(true);
  });

  it('an unmapped group becomes the staff room only with 确认, 群列表 shows it, 取消工作群 undoes it', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'room', room: OFFICE },
      { at: at('09:00'), room: OFFICE, from: '赵经理', text: '设为工作群' },
      { at: at('09:01'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:02'), room: OFFICE, from: '赵经理', text: '设为工作群 确认' },
      { at: at('09:03'), room: STAFF, from: '王主管', text: '群列表' },
      { at: at('09:04'), room: GROUP, from: '张阿姨', text: '楼道灯坏了，晚上一片漆黑' },
      { at: at('09:05'), room: OFFICE, from: '赵经理', text: '取消工作群' },
      { at: at('09:06'), room: STAFF, from: '王主管', text: '群列表' },
      { at: at('09:07'), room: GROUP, from: '张阿姨', text: '单元门门禁坏了，刷卡没反应' },
    ]);
    expect(tickets).toHaveLength(3);
    const office = said.filter((s) => s.room === OFFICE);
    // asked first (privately: the group is not a staff room yet), then set, then undone
    expect(said.find((s) => s.to === '赵经理')!.text).toContain('请确认本群只有物业员工，然后在本群发「设为工作群 确认」');
    expect(office[0]!.text).toBe('好的，本群已设为工作群：新工单、提醒和超时升级都会发到这里，群里的消息不会被当成报修。撤销请发「取消工作群」。');
    // only #2 was announced there: #1 came before the confirmation, #3 after the undo
    expect(office.filter((s) => /新报修工单 #\d/.test(s.text)).map((s) => /#(\d)/.exec(s.text)![1])).toEqual(['2']);
    expect(office.at(-1)!.text).toMatch(/^好的，本群不再是工作群/);
    const lists = inStaff(said).filter((s) => s.text.startsWith('机器人所在的群')).map((s) => s.text);
    expect(lists[0]).toContain(`${OFFICE}　【工作群】`);
    expect(lists[1]).not.toContain(`${OFFICE}　【工作群】`);
    expect(lists[1]).toContain(`${STAFF}　【工作群】`);
  });

  it('本群 取消 removes a mapping; a group left as both staff room and building group shows it in 群列表 and can be undone', async () => {
    const h = await Harness.start({ setup: [...H_SETUP, { setup: 'staff', name: '赵经理', role: 'manager' }] });
    try {
      // what the old 设为工作群 left behind: the residents' group is also a staff room
      await h.db.db.update(rooms).set({ isStaffRoom: true }).where(eq(rooms.id, h.room(H_GROUP).id));
      await h.say('王主管', '群列表', H_STAFF);
      await h.sendAll();
      expect(h.saidIn(H_STAFF).at(-1)!.text).toContain(`${H_GROUP}　【工作群】　⚠️ 同时对应 阳光花园 3栋，请核对`);

      await h.say('赵经理', '取消工作群', H_GROUP);
      await h.say('张阿姨', REPAIR, H_GROUP);
      await h.sendAll();
      expect((await h.tickets())).toHaveLength(1);
      expect(h.saidIn(H_GROUP).at(-1)!.mentionNames).toEqual(['张阿姨']);

      await h.say('赵经理', '本群 取消', H_GROUP);
      await h.sendAll();
      expect(h.saidTo('赵经理').at(-1)!.text).toBe('好的，本群已解除对应（原为：阳光花园 3栋），不再收到楼栋通知和缴费提醒。重新对应：本群 小区 楼栋');
      expect(await h.roomRow(H_GROUP)).toMatchObject({ community: null, building: null, isStaffRoom: false });
      await h.say('赵经理', '设为工作群 确认', H_GROUP);
      await h.sendAll();
      expect(await h.roomRow(H_GROUP)).toMatchObject({ isStaffRoom: true });
    } finally {
      await h.stop();
    }
  });
});
