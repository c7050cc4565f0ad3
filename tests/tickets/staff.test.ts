import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, VirtualClock } from '../../src/clock.js';
import { messages, rooms, staff, ticketEvents, tickets } from '../../src/db/schema.js';
import { ensureRoom } from '../../src/domain/rooms.js';
import { silentLogger } from '../../src/log.js';
import { VirtualDriver } from '../../src/runtime/virtual.js';
import { MockWorld, type BotSaid } from '../../src/sim/world.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { simulate, testClassifier, testConfig } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inStaff } from '../helpers/community.js';

describe('staff are known by contact id, never by display name', () => {
  let db: TestDatabase;
  let world: MockWorld;
  let driver: VirtualDriver;
  const said: BotSaid[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const config = testConfig();
    const clock = new VirtualClock(new Date(at('09:00')));
    world = new MockWorld({ config, clock, log: silentLogger, db: db.db, classifier: await testClassifier(), random: seededRandom(1) });
    driver = new VirtualDriver(world.core, clock);
    world.onBotSaid((s) => said.push(s));
    await world.start();
  });
  afterAll(async () => {
    await world.stop();
    await db.dispose();
  });

  it('a resident named or renamed "李师傅" gets no staff powers; the real one keeps them after renaming', async () => {
    const now = new Date(at('09:00'));
    const group = world.createRoom(GROUP);
    await ensureRoom(db.db, group.id, GROUP, now);
    const staffRoom = world.createRoom(STAFF);
    await ensureRoom(db.db, staffRoom.id, STAFF, now);
    await db.db.update(rooms).set({ isStaffRoom: true }).where(eq(rooms.id, staffRoom.id));
    const technician = world.person('李师傅');
    await db.db.insert(staff).values({ contactId: technician.id, name: '李师傅', role: 'technician', createdAt: now });
    world.joinRoom(staffRoom, technician);
    const resident = world.person('张阿姨');
    // a different WeChat account that calls itself 李师傅
    const impostor = world.mocker.createContact({ id: 'wxid_impostor', name: '李师傅' });

    let sent = 0;
    const say = async (who: typeof resident, text: string, where: typeof group | null) => {
      await world.say(who, text, where);
      sent++;
      // the core also drains in the background: wait until this message is recorded and handled
      const handled = async () => (await db.db.select().from(messages)).filter((m) => m.status !== 'pending').length;
      for (let i = 0; i < 300 && (await handled()) < sent; i++) {
        await new Promise((r) => setTimeout(r, 10));
        await driver.settle();
      }
      await driver.flushSends(60_000);
    };
    await say(resident, '厨房水管漏水了，麻烦派人来看看', group);
    await say(impostor, '完成 #1', group);
    await say(impostor, '接单 #1', null);
    resident.payload.name = '李师傅';
    await say(resident, '接单 #1', null);
    let [t] = await db.db.select().from(tickets);
    expect(t).toMatchObject({ status: 'open', assigneeId: null });
    const refusals = said.filter((s) => s.toId && s.text.includes('没有这个权限'));
    expect(refusals.map((s) => s.toId)).toEqual(['wxid_impostor', 'wxid_impostor', resident.id]);
    expect(said.filter((s) => s.roomId === group.id)).toHaveLength(1); // only the acknowledgement

    technician.payload.name = '张阿姨';
    await say(technician, '接单 #1', staffRoom);
    [t] = await db.db.select().from(tickets);
    expect(t).toMatchObject({ status: 'accepted', assigneeId: technician.id });
    const events = await db.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, 1));
    expect(events.map((e) => e.action)).toEqual(['open', 'ask-unit', 'accept']); // no unit is bound in this world
    expect(events[2]).toMatchObject({ actorId: technician.id, actorName: '李师傅', fromStatus: 'open', toStatus: 'accepted' });
  });
});

describe('roster and group commands', () => {
  it('managers add and remove staff by @mention; only they can; the roster name is the one given', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'resident', name: '小陈', room: STAFF },
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:01'), room: STAFF, from: '李师傅', text: '添加员工 @小陈 经理' },
      { at: at('09:02'), room: STAFF, from: '赵经理', text: '添加员工 @小陈 维修 陈建国' },
      { at: at('09:03'), room: STAFF, from: '小陈', text: '接单 #1' },
      { at: at('09:04'), room: STAFF, from: '赵经理', text: '员工列表' },
      { at: at('09:05'), room: STAFF, from: '赵经理', text: '删除员工 @小陈' },
      { at: at('09:06'), room: STAFF, from: '小陈', text: '完成 #1' },
      { at: at('09:07'), room: STAFF, from: '赵经理', text: '添加员工 维修' },
    ]);
    const staffSaid = inStaff(said).map((s) => s.text);
    expect(staffSaid).toContain('已添加员工：陈建国（维修师傅）。');
    expect(staffSaid.some((t) => t.startsWith('👌 陈建国 已接单 #1'))).toBe(true);
    expect(staffSaid.find((t) => t.startsWith('员工名单'))).toMatch(/赵经理　经理[\s\S]*王主管　主管[\s\S]*陈建国　维修师傅/);
    expect(staffSaid).toContain('已将陈建国（维修师傅）移出员工名单。');
    expect(staffSaid.some((t) => t.startsWith('请在群里 @ 要添加的那一位同事'))).toBe(true);
    const privately = said.filter((s) => s.to);
    expect(privately.map((s) => s.to)).toEqual(['李师傅', '小陈']);
    expect(privately[0]!.text).toContain('需要经理权限');
    expect(tickets[0]).toMatchObject({ status: 'accepted', assignee: '陈建国' });
  });

  it('a manager maps a group to its building and makes a staff room; 群列表 shows them; unmapped groups are served', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'room', room: '翠湖苑邻里群' },
      { setup: 'room', room: '物业二组' },
      { at: at('09:00'), room: '翠湖苑邻里群', from: '刘先生', text: '楼道灯坏了，麻烦修一下' },
      { at: at('09:01'), room: '翠湖苑邻里群', from: '赵经理', text: '本群 翠湖苑 B座' },
      { at: at('09:02'), room: '物业二组', from: '王主管', text: '设为工作群' },
      { at: at('09:03'), room: '物业二组', from: '赵经理', text: '设为工作群 确认' },
      { at: at('09:04'), room: STAFF, from: '王主管', text: '群列表' },
      { at: at('09:05'), room: '翠湖苑邻里群', from: '陈伯', text: '单元门门禁坏了，刷卡没反应' },
    ]);
    expect(tickets.map((t) => t.room)).toEqual(['翠湖苑邻里群', '翠湖苑邻里群']);
    expect(tickets[1]!.unit).toBe('B座');
    // answered privately: the residents of the group do not read staff set-up talk
    expect(said.find((s) => s.to === '赵经理' && s.text.startsWith('好的，本群已设为'))!.text).toContain('翠湖苑 B座');
    expect(said.some((s) => s.room === '翠湖苑邻里群' && s.text.startsWith('好的，本群已设为'))).toBe(false);
    expect(said.find((s) => s.to === '王主管')!.text).toContain('需要经理权限');
    const list = said.find((s) => s.room === STAFF && s.text.startsWith('机器人所在的群'))!.text;
    expect(list).toContain('阳光花园3栋业主群　阳光花园 3栋');
    expect(list).toContain('翠湖苑邻里群　翠湖苑 B座');
    expect(list).toContain('物业二组　【工作群】');
    // the new staff room gets new-ticket notices too
    expect(said.some((s) => s.room === '物业二组' && s.text.includes('新报修工单 #2'))).toBe(true);
  });
});

describe('follow-up details', () => {
  it('asks for the door number when a home repair has no known unit, and never echoes a phone number', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'resident', name: '刘先生', room: GROUP },
      { at: at('09:00'), room: GROUP, from: '刘先生', text: '我家厨房水管漏水了，电话13812345678' },
      { at: at('09:02'), room: GROUP, from: '刘先生', text: '2单元801' },
    ]);
    expect(tickets[0]).toMatchObject({ unit: '3栋2单元801', reporter: '刘先生' });
    const group = said.filter((s) => s.room === GROUP);
    expect(group[0]!.text).toContain('请问您家是几栋几单元几号');
    expect(group[1]!.text).toContain('门牌号已记下');
    expect(said.every((s) => !s.text.includes('13812345678'))).toBe(true);
    expect(inStaff(said).some((s) => s.text.includes('138****5678'))).toBe(true);
    expect(inStaff(said).some((s) => s.text.includes('#1 门牌号：3栋2单元801'))).toBe(true);
  });

  it('a low rating alerts the supervisor; an unanswered rating request closes after 3 days without a rating', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'resident', name: '刘先生', room: GROUP, unit: '3栋1单元301' },
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:01'), room: GROUP, from: '刘先生', text: '楼下的狗天天叫，吵得睡不着' },
      { at: at('09:05'), room: STAFF, from: '王主管', text: '完成 #1' },
      { at: at('09:06'), room: STAFF, from: '王主管', text: '完成 #2 已上门沟通' },
      { at: at('10:00'), room: GROUP, from: '张阿姨', text: '不满意' },
      { at: at('10:00', 27) },
    ]);
    expect(tickets[0]).toMatchObject({ status: 'closed', rating: 2 });
    expect(tickets[1]).toMatchObject({ status: 'closed', rating: null });
    // 王主管 did the work himself: the one asked to call the resident back is the next one up
    const alert = inStaff(said).find((s) => s.text.includes('只给了2分'))!;
    expect(alert.text).toContain('请经理赵经理尽快回访了解原因');
    expect(alert.mentions).toEqual(['赵经理']);
  });

  it('a resident can report privately and is answered privately', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:05'), room: STAFF, from: '李师傅', text: '接单 1' },
      { at: at('09:10') },
    ]);
    expect(tickets[0]).toMatchObject({ room: null, unit: '3栋2单元1502' });
    expect(said.filter((s) => s.to === '张阿姨').map((s) => s.text)).toEqual([
      expect.stringContaining('报修工单 #1'),
      expect.stringContaining('已由李师傅接单'),
    ]);
  });
});
