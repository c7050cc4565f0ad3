import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webLoginCodes } from '../../src/db/schema.js';
import { issueCode, MAX_FAILED_ATTEMPTS, redeem, sha256 } from '../../src/domain/login/codes.js';
import { GROUP, Harness } from '../foundation/harness.js';

/** `登录 CODE` through the command registry and Outbound, without a browser (the browser tests drive the page). */
describe('登录 CODE in chat', () => {
  let h: Harness;
  const last = (name: string) => h.saidTo(name).at(-1)?.text ?? '';
  const code = async () => {
    const secret = randomBytes(16).toString('hex');
    return { secret, ...(await issueCode(h.db.db, h.clock.now(), secret)) };
  };

  beforeAll(async () => { h = await Harness.start(); });
  afterAll(async () => { await h?.stop(); });

  it('claims the code for a staff member who sends it privately, once; a resident, a group and a stale code are refused', async () => {
    const a = await code();
    await h.say('刘先生', `登录 ${a.code}`, null);
    await h.say('王主管', `登录 ${a.code}`, GROUP);
    await h.sendAll();
    expect(last('刘先生')).toContain('不在员工名单');
    expect(last('王主管')).toContain('请私聊我发送');
    expect(h.saidIn(GROUP).some((s) => s.text.includes('登录'))).toBe(false);
    expect((await redeem(h.db.db, h.clock.now(), a.secret)).state).toBe('waiting');

    await h.say('王主管', `登录 ${a.code}`, null);
    await h.sendAll();
    expect(last('王主管')).toContain('王主管（主管），控制台已登录');
    expect(await redeem(h.db.db, h.clock.now(), a.secret)).toEqual({ state: 'claimed', contactId: h.personId('王主管') });

    await h.say('李师傅', `登录 ${a.code}`, null);
    await h.sendAll();
    expect(last('李师傅')).toContain('已经用过');

    const b = await code();
    await h.driver.advanceTo(new Date(b.expiresAt.getTime() + 1000));
    await h.say('李师傅', `登录 ${b.code}`, null);
    await h.sendAll();
    expect(last('李师傅')).toContain('已过期');
    const [row] = await h.db.db.select().from(webLoginCodes).where(eq(webLoginCodes.codeHash, sha256(b.code)));
    expect(row!.claimedAt).toBeNull();
  });

  it('stops reading codes from a contact after too many wrong ones, even a right one', async () => {
    const good = await code();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await h.say('李师傅', `登录 ZZZZ${i}Z`, null);
    await h.say('李师傅', `登录 ${good.code}`, null);
    await h.sendAll();
    expect(last('李师傅')).toContain('错误次数太多');
    expect((await redeem(h.db.db, h.clock.now(), good.secret)).state).toBe('waiting');
  });
});
