import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScript, ScriptError } from '../../src/sim/script.js';
import { simulate, type SaidLine } from '../helpers/simulate.js';

type Said = SaidLine & { account?: string };
const STAFF = '阳光花园物业工作群';
const at = (hhmm: string, day = 23) => `2026-11-${day}T${hhmm}:00+08:00`;

/** Two accounts: A alone in buildings 1–3, B alone in 4–6, both in 7–9 and in the staff room. */
const GROUPS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `阳光花园${n}栋业主群`);
const SHARED = GROUPS.slice(6);
const membersOf = (n: number) => (n <= 3 ? ['a'] : n <= 6 ? ['b'] : ['a', 'b']);
const SETUP = [
  { setup: 'account', name: 'a' },
  { setup: 'account', name: 'b' },
  ...GROUPS.map((room, i) => ({ setup: 'room', room, community: '阳光花园', building: `${i + 1}栋`, accounts: membersOf(i + 1) })),
  { setup: 'staff-room', room: STAFF, accounts: ['a', 'b'] },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'resident', name: '张阿姨', room: GROUPS[6], unit: '7栋2单元1502' },
  { setup: 'resident', name: '刘先生', room: GROUPS[0], unit: '1栋1单元301' },
  { setup: 'resident', name: '孙阿姨', room: GROUPS[7], unit: '8栋1单元101' },
  { setup: 'resident', name: '周先生', room: GROUPS[8], unit: '9栋1单元101' },
];
const SHARED_RESIDENTS = ['张阿姨', '孙阿姨', '周先生'];
const members = (room: string) => (room === STAFF ? ['a', 'b'] : membersOf(GROUPS.indexOf(room) + 1));

/** Every line names its account, and a group line goes out through an account that is in the group. */
function checkAccounts(said: Said[]): void {
  for (const s of said) {
    expect(s.account, JSON.stringify(s)).toMatch(/^[ab]$/);
    if (s.room) expect(members(s.room), JSON.stringify(s)).toContain(s.account);
  }
}

describe('two bot accounts on one database (simulate)', () => {
  it('a notice to 全部 reaches every group exactly once, through an account in it, both accounts sending in parallel', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: at('10:00'), room: STAFF, from: '王主管', text: '通知 全部 今天下午3点电梯例行检查，请大家留意' },
      { at: at('10:00'), room: GROUPS[6], from: '张阿姨', text: '好的，知道了' },
      { at: at('10:00'), room: GROUPS[0], from: '刘先生', text: '+1' },
      { at: at('11:00') },
    ]) as { said: Said[] };
    checkAccounts(said);
    const notices = said.filter((s) => s.text === '【物业通知】今天下午3点电梯例行检查，请大家留意');
    expect(notices.map((s) => s.room).sort()).toEqual([...GROUPS].sort());
    const byAccount = { a: notices.filter((s) => s.account === 'a').length, b: notices.filter((s) => s.account === 'b').length };
    expect(byAccount.a).toBeGreaterThanOrEqual(3);
    expect(byAccount.b).toBeGreaterThanOrEqual(3);
    // in parallel: the broadcast takes about as long as the larger account's share, not the sum
    const times = notices.map((s) => Date.parse(s.at));
    const span = Math.max(...times) - Math.min(...times);
    expect(span).toBeLessThan(Math.max(byAccount.a, byAccount.b) * 3_000);
    // the staff room heard the confirmation once
    expect(said.filter((s) => s.room === STAFF && s.text.includes('已安排发出通知'))).toHaveLength(1);
  });

  it('a report in a group with both accounts is answered once, and each account stays in its own groups', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUPS[6], from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:00'), room: GROUPS[6], from: '陈大爷', text: '今天天气不错' },
      { at: at('09:01'), room: GROUPS[6], from: '陈大爷', text: '+1' },
      { at: at('09:02'), room: GROUPS[0], from: '刘先生', text: '卫生间马桶堵了，麻烦来修一下' },
      { at: at('09:05'), room: STAFF, from: '李师傅', text: '接单 #1' },
      // 刘先生 writes to account b privately: the answer comes back through b
      { at: at('09:06'), from: '刘先生', account: 'b', text: '你好，物业费怎么交' },
      { at: at('09:30') },
    ]) as { said: Said[]; tickets: { reporter: string; status: string }[] };
    checkAccounts(said);
    expect(tickets.map((t) => t.reporter)).toEqual(['张阿姨', '刘先生']);
    const acks = said.filter((s) => s.room === GROUPS[6] && s.mentions?.includes('张阿姨'));
    expect(acks.filter((s) => s.text.includes('#1') && s.text.includes('已登记'))).toHaveLength(1);
    expect(said.filter((s) => s.room === GROUPS[0] && s.text.includes('#2'))).toHaveLength(1);
    expect(said.filter((s) => s.room === STAFF && s.text.includes('李师傅 已接单 #1'))).toHaveLength(1);
    // one account speaks in the shared group
    expect(new Set(said.filter((s) => s.room === GROUPS[6]).map((s) => s.account)).size).toBe(1);
    const privately = said.filter((s) => s.to === '刘先生');
    expect(privately.length).toBeGreaterThan(0);
    for (const s of privately) expect(s.account).toBe('b');
  });

  it('after one account logs out its shared groups are answered by the other; its own groups are reported unserved and served again at login', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      // before: each shared group answered by its owner
      ...SHARED.map((room, i) => ({ at: at('09:00'), room, from: SHARED_RESIDENTS[i], text: '你好 @邻里小助手 物业费怎么交' })),
      { at: at('09:10'), account: 'a', event: 'logout' },
      ...SHARED.map((room, i) => ({ at: at('09:11'), room, from: SHARED_RESIDENTS[i], text: '厨房水管漏水了，麻烦派人来看看' })),
      { at: at('09:12'), room: GROUPS[0], from: '刘先生', text: '卫生间马桶堵了，麻烦来修一下' },
      { at: at('09:13'), room: STAFF, from: '王主管', text: '通知 全部 明天上午停水，请提前储水' },
      { at: at('09:20'), room: GROUPS[4], from: '陈大爷', text: '楼道灯坏了好几天了，麻烦来修' },
      { at: at('09:21'), room: STAFF, from: '王主管', text: '群列表' },
      { at: at('10:00'), account: 'a', event: 'login' },
      { at: at('10:30') },
    ]) as { said: Said[]; tickets: { reporter: string; room: string }[] };
    if (process.env.DUMP) console.log(said.map((s) => JSON.stringify(s)).join('\n'));
    checkAccounts(said);
    const logout = Date.parse(at('09:10'));
    const login = Date.parse(at('10:00'));
    // nothing goes out through the logged-out account
    const aWhileOut = said.filter((s) => s.account === 'a' && Date.parse(s.at) >= logout && Date.parse(s.at) < login);
    expect(aWhileOut).toEqual([]);
    // a owned at least one shared group before (its answers show it); after the logout b answers in every shared group, once
    const before = said.filter((s) => s.room && SHARED.includes(s.room) && Date.parse(s.at) < logout);
    expect(before.length).toBeGreaterThanOrEqual(SHARED.length);
    const ownedByA = SHARED.filter((room) => before.some((s) => s.room === room && s.account === 'a'));
    expect(ownedByA.length).toBeGreaterThan(0);
    for (const room of SHARED) expect(new Set(before.filter((s) => s.room === room).map((s) => s.account)).size, room).toBe(1);
    SHARED.forEach((room, i) => {
      const acks = said.filter((s) => s.room === room && s.mentions?.includes(SHARED_RESIDENTS[i]!) && s.text.includes('已登记'));
      expect(acks, room).toHaveLength(1);
      expect(acks[0]!.account).toBe('b');
      expect(Date.parse(acks[0]!.at)).toBeLessThan(Date.parse(at('09:12')));
    });
    // a's own groups are reported unserved, once, in the staff room
    const unserved = said.filter((s) => s.room === STAFF && s.text.includes('暂时没有机器人服务'));
    expect(unserved).toHaveLength(1);
    for (const g of GROUPS.slice(0, 3)) expect(unserved[0]!.text).toContain(g);
    for (const g of GROUPS.slice(3)) expect(unserved[0]!.text).not.toContain(g);
    // 刘先生's report (said while a was out) is handled once a is back, and the notice reaches a's groups then
    expect(tickets.map((t) => t.reporter).sort()).toEqual([...SHARED_RESIDENTS, '刘先生', '陈大爷'].sort());
    const liu = said.filter((s) => s.room === GROUPS[0] && s.mentions?.includes('刘先生'));
    expect(liu.length).toBeGreaterThanOrEqual(1);
    for (const s of liu) expect(Date.parse(s.at)).toBeGreaterThanOrEqual(login);
    const notices = said.filter((s) => s.text === '【物业通知】明天上午停水，请提前储水');
    expect(notices.map((s) => s.room).sort()).toEqual([...GROUPS].sort());
    for (const n of notices.filter((s) => membersOf(GROUPS.indexOf(s.room!) + 1).join() === 'a')) {
      expect(n.account).toBe('a');
      expect(Date.parse(n.at)).toBeGreaterThanOrEqual(login);
    }
    expect(said.filter((s) => s.room === STAFF && s.text.includes('已恢复机器人服务'))).toHaveLength(1);
    // 群列表 shows each group's account, and a's groups as waiting for it
    const list = said.find((s) => s.room === STAFF && s.text.startsWith('机器人所在的群'))!.text.split('\n');
    for (const g of GROUPS.slice(0, 3)) expect(list.find((l) => l.includes(g))).toContain('无在线机器人账号（a 不在线');
    for (const g of GROUPS.slice(3)) expect(list.find((l) => l.includes(g))).toContain('［账号 b］');
  });
});

describe('account lines in scripts', () => {
  const bad = (lines: object[], reason: RegExp) => {
    const src = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(() => parseScript(src)).toThrow(ScriptError);
    expect(() => parseScript(src)).toThrow(reason);
  };

  it('refuses an undeclared account, an account declared after a room, a bad event and an account on a group message', () => {
    bad([{ setup: 'account', name: 'a' }, { setup: 'room', room: 'g', accounts: ['b'] }], /line 2: account "b" has not been set up/);
    bad([{ setup: 'room', room: 'g' }, { setup: 'account', name: 'a' }], /line 2: accounts are set up before the first room/);
    bad([{ setup: 'account', name: 'a' }, { setup: 'account', name: 'a' }], /already set up/);
    bad([{ setup: 'account', name: 'a b' }], /account name/);
    bad([{ setup: 'account', name: 'a' }, { at: at('09:00'), account: 'a', event: 'restart' }], /"event" must be logout or login/);
    bad([{ setup: 'account', name: 'a' }, { at: at('09:00'), account: 'x', event: 'logout' }], /account "x" has not been set up/);
    bad([{ setup: 'account', name: 'a' }, { setup: 'room', room: 'g', accounts: [] }], /non-empty list/);
    bad([{ setup: 'account', name: 'a' }, { setup: 'room', room: 'g' }, { at: at('09:00'), room: 'g', from: '张', account: 'a', text: 'hi' }], /"account" is for a private message/);
  });

  it('reads accounts, their rooms and events', () => {
    const lines = parseScript([
      { setup: 'account', name: 'a' }, { setup: 'account', name: 'b' },
      { setup: 'room', room: 'g', accounts: ['a', 'b'] }, { setup: 'staff-room', room: 's' },
      { at: at('09:00'), account: 'b', event: 'logout' },
    ].map((l) => JSON.stringify(l)).join('\n'));
    expect(lines.map((l) => l.kind)).toEqual(['account', 'account', 'room', 'staff-room', 'account-event']);
    expect(lines[2]).toMatchObject({ accounts: ['a', 'b'] });
    expect(lines[3]).toMatchObject({ accounts: null });
    expect(lines[4]).toMatchObject({ account: 'b', event: 'logout' });
  });
});

describe('an example script with two accounts (tests/scripts/accounts/two-accounts.jsonl)', () => {
  it('gives the same output on every run, every message line naming its account', async () => {
    const source = readFileSync('tests/scripts/accounts/two-accounts.jsonl', 'utf8');
    const first = await simulate(source);
    const second = await simulate(source);
    expect(second.raw).toEqual(first.raw);
    for (const s of first.said as Said[]) expect(['wy-1', 'wy-2']).toContain(s.account);
    // the notice reached the three groups once each; 5栋 (wy-1 alone) only after wy-1 was back
    const notices = (first.said as Said[]).filter((s) => s.text.startsWith('【物业通知】今晚8点'));
    expect(notices.map((s) => s.room).sort()).toEqual(['阳光花园3栋业主群', '阳光花园5栋业主群', '阳光花园6栋业主群']);
    expect(notices.find((s) => s.room === '阳光花园5栋业主群')).toMatchObject({ account: 'wy-1' });
    expect(notices.find((s) => s.room === '阳光花园5栋业主群')!.at >= '2026-11-23T09:40:00+08:00').toBe(true);
    expect(first.tickets.map((t) => t.reporter)).toEqual(['张阿姨', '刘先生']);
    // back at 09:40, wy-1 tells the staff room 5栋 is served again before it reports what it heard there meanwhile
    const staffRoom = (first.said as Said[]).filter((s) => s.room === '阳光花园物业工作群' && s.at >= '2026-11-23T09:40:00+08:00');
    expect(staffRoom[0]?.text).toMatch(/^✅ 以下 1 个群已恢复机器人服务/);
    expect(staffRoom[1]?.text).toMatch(/^🆕 新报修工单 #2/);
  });
});
