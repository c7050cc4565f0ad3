import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staff } from '../../src/db/schema.js';
import { Harness, SETUP as HARNESS_SETUP, STAFF_ROOM } from '../foundation/harness.js';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inStaff } from '../helpers/community.js';

describe('on duty is a supervisor or a manager, and never the person who is late', () => {
  it('refuses a technician on duty; an escalation never asks the assignee to chase himself', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: STAFF, from: '王主管', text: '值班 @李师傅' },
      { at: at('09:01'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:02'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('09:03'), room: STAFF, from: '王主管', text: '值班' },
      { at: at('09:04'), room: STAFF, from: '王主管', text: '值班 @王主管' },
      { at: at('09:05'), room: GROUP, from: '张阿姨', text: '卫生间马桶堵了，冲不下去' },
      { at: at('09:06'), room: STAFF, from: '王主管', text: '接单 #2' },
      // both resolution deadlines (24 hours) pass
      { at: at('10:00', 24) },
    ]);
    expect(tickets.map((t) => t.assignee)).toEqual(['李师傅', '王主管']);
    const staffSaid = inStaff(said).map((s) => s.text);
    expect(staffSaid).toContain('李师傅是维修师傅，不能设为值班：值班的人要跟进紧急报修和超时工单、督促处理人，请选一位主管或经理。值班没有变化。');
    expect(staffSaid).toContain('当前没有设置值班，紧急情况会通知全部主管。设置：值班 @某人（主管或经理）');
    expect(staffSaid).toContain('已设置王主管（主管）值班，紧急报修和超时升级会先通知王主管。');

    const escalations = inStaff(said).filter((s) => s.text.startsWith('⚠️ 工单'));
    expect(escalations).toHaveLength(2);
    const [first, second] = escalations as [typeof escalations[0], typeof escalations[0]];
    // #1 is late with 李师傅: the on-duty supervisor is asked, 李师傅 is only told
    expect(first.text).toContain('工单 #1');
    expect(first.text).toContain('请主管王主管跟进安排');
    expect(first.mentions).toEqual(['王主管', '李师傅']);
    // #2 is late with 王主管 himself: the next one up is asked, not him
    expect(second.text).toContain('工单 #2');
    expect(second.text).toContain('请经理赵经理跟进安排');
    expect(second.text).not.toMatch(/请[^，。]*王主管[^，。]*跟进/);
    expect(second.mentions).toEqual(['赵经理', '王主管']);
  });

  it('a technician left on duty from before is passed over for urgent alerts; a demoted supervisor stops being on duty', async () => {
    const h = await Harness.start({ setup: [...HARNESS_SETUP, { setup: 'staff', name: '赵经理', role: 'manager' }] });
    try {
      // the state the old 值班 command could leave behind
      await h.db.db.update(staff).set({ onDuty: true }).where(eq(staff.contactId, h.personId('李师傅')));
      await h.say('张阿姨', '电梯困人了！快来人救命');
      await h.sendAll();
      const alert = h.saidIn(STAFF_ROOM).find((s) => s.text.startsWith('🚨'))!;
      expect(alert.text).toContain('值班：王主管');
      expect(alert.mentionNames).toEqual(['王主管']);

      await h.say('王主管', '值班 @王主管', STAFF_ROOM);
      await h.say('赵经理', '添加员工 @王主管 维修 王建', STAFF_ROOM);
      await h.sendAll();
      expect(h.saidIn(STAFF_ROOM).at(-1)!.text).toBe('已更新员工：王建（维修师傅）。王建不再值班，请用「值班 @某人」另选一位主管或经理。');
      const [row] = await h.db.db.select().from(staff).where(eq(staff.contactId, h.personId('王主管')));
      expect(row).toMatchObject({ role: 'technician', onDuty: false });
    } finally {
      await h.stop();
    }
  });
});
