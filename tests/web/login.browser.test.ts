import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWeb } from '../../src/web/server.js';
import { GROUP, Harness } from '../foundation/harness.js';
import { announceSkip, CHROMIUM, consoleFor, openBrowser, type Browser } from '../helpers/browser.js';

announceSkip('tests/web/login.browser.test.ts');

describe.runIf(CHROMIUM)('signing in to the console through the bot (Chromium)', () => {
  let h: Harness;
  let web: RunningWeb;
  let b: Browser;
  const lastTo = (name: string) => h.saidTo(name).at(-1)?.text ?? '';

  beforeAll(async () => {
    h = await Harness.start();
    web = await consoleFor(h);
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await web?.stop();
    await h?.stop();
  });

  async function freshCode(): Promise<string> {
    await b.page.goto(`${web.url}/login`);
    return (await b.page.locator('#code').textContent())!.trim();
  }

  it('signs in a staff member who sends the code privately; refuses a resident, a code sent in a group, and a reused code', async () => {
    const code = await freshCode();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);

    await h.say('张阿姨', `登录 ${code}`, null);
    await h.sendAll();
    expect(lastTo('张阿姨')).toContain('不在员工名单');

    const groupBefore = h.saidIn(GROUP).length;
    await h.say('李师傅', `登录 ${code}`, GROUP);
    await h.sendAll();
    expect(lastTo('李师傅')).toContain('请私聊我发送');
    expect(h.saidIn(GROUP).length).toBe(groupBefore); // nothing about it in the residents' group
    expect(b.page.url()).toBe(`${web.url}/login`);

    // lower case, spaced out, as typed on a phone: still the same code, and it was not used up above
    await h.say('李师傅', `登录 ${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`, null);
    await h.sendAll();
    expect(lastTo('李师傅')).toContain('控制台已登录');
    await b.page.waitForURL(`${web.url}/`);
    await expect.poll(() => b.page.locator('nav .who').textContent()).toBe('李师傅（维修师傅）');

    await h.say('王主管', `登录 ${code}`, null);
    await h.sendAll();
    expect(lastTo('王主管')).toContain('已经用过');
  });

  it('refuses an expired code, and the waiting page says so', async () => {
    await b.page.locator('nav button', { hasText: '退出' }).click();
    await b.page.waitForURL(`${web.url}/login`);
    const code = await freshCode();
    await h.driver.advanceTo(new Date(h.clock.now().getTime() + 11 * 60_000));
    await h.say('王主管', `登录 ${code}`, null);
    await h.sendAll();
    expect(lastTo('王主管')).toContain('已过期');
    await expect.poll(() => b.page.locator('#code').textContent(), { timeout: 10_000 }).toContain('已过期');
    expect((await b.page.goto(`${web.url}/`))!.url()).toBe(`${web.url}/login`);
  });
});
