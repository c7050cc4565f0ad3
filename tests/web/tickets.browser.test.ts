import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema.js';
import type { RunningWeb } from '../../src/web/server.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';
import { announceSkip, CHROMIUM, consoleFor, openBrowser, type Browser } from '../helpers/browser.js';

announceSkip('tests/web/tickets.browser.test.ts');

describe.runIf(CHROMIUM)('the ticket board and ticket actions in the console (Chromium)', () => {
  let h: Harness;
  let web: RunningWeb;
  let b: Browser;

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

  async function demoSignIn(name: string) {
    await b.page.goto(`${web.url}/login`);
    await b.page.locator(`[data-testid="demo-${name}"]`).click();
    await b.page.waitForURL(`${web.url}/`);
  }

  /** Sends what the console queued and returns the new lines the group and the staff room saw. */
  async function chatAfter(step: () => Promise<void>) {
    const g = h.saidIn(GROUP).length;
    const s = h.saidIn(STAFF_ROOM).length;
    const p = h.said.filter((x) => x.toId).length;
    await step();
    await h.sendAll();
    return {
      group: h.saidIn(GROUP).slice(g).map((x) => x.text).join('\n'),
      staff: h.saidIn(STAFF_ROOM).slice(s).map((x) => x.text).join('\n'),
      privately: h.said.filter((x) => x.toId).slice(p).map((x) => x.text).join('\n'),
    };
  }

  async function act(action: string, fill: Record<string, string> = {}) {
    const form = b.page.locator(`form.act:has([data-testid="act-${action}"])`);
    for (const [name, value] of Object.entries(fill)) {
      const field = form.locator(`[name="${name}"]`);
      if (await field.evaluate((el) => el.tagName) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.locator('button').click();
    await b.page.waitForLoadState();
    return (await b.page.locator('[data-testid="flash"]').textContent()) ?? '';
  }

  it('shows a resident\'s report on the open board live, with its SLA countdown, without a reload', async () => {
    await demoSignIn('王主管');
    await expect.poll(() => b.page.locator('#live').getAttribute('class')).toContain('on');
    await b.page.evaluate('window.stayed = true');
    expect(await b.page.locator('[data-testid="board-total"]').textContent()).toBe('0');

    await h.say('张阿姨', REPAIR);
    const row = b.page.locator('tr[data-ticket="1"]');
    await row.waitFor();
    expect(await row.locator('td.sla').textContent()).toMatch(/响应\s*剩 1[45]分/);
    expect(await b.page.evaluate('window.stayed')).toBe(true);
    expect(await b.page.locator('[data-testid="board-total"]').textContent()).toBe('1');
  });

  it('takes every step on a ticket with the same rules and chat messages as the commands, each in the record with who', async () => {
    expect((await b.page.goto(`${web.url}/tickets/1`))!.status()).toBe(200);

    let chat = await chatAfter(async () => expect(await act('accept')).toContain('王主管 已接单 #1'));
    expect(chat.group).toContain('工单 #1 已由王主管接单');
    expect(chat.staff).toContain('王主管 已接单 #1');

    chat = await chatAfter(async () => expect(await act('progress', { note: '师傅下午两点上门' })).toContain('已记录工单 #1 的进展'));
    expect(chat.group).toContain('工单 #1 有新进展：师傅下午两点上门（王主管）');

    const liId = h.personId('李师傅');
    chat = await chatAfter(async () => expect(await act('assign', { assignee: liId })).toContain('已派给李师傅'));
    expect(chat.staff).toContain('已派给李师傅');

    chat = await chatAfter(async () => expect(await act('hold', { note: '等配件到货' })).toContain('已挂起'));
    expect(chat.group).toContain('工单 #1 需要稍等：等配件到货');

    chat = await chatAfter(async () => expect(await act('resume')).toContain('已恢复处理'));
    expect(chat.group).toContain('工单 #1 已恢复处理');

    chat = await chatAfter(async () => expect(await act('resolve', { note: '已更换水管' })).toContain('已完成'));
    expect(chat.group).toMatch(/工单 #1（.*）已处理完成：已更换水管。请您为这次服务打个分/);

    chat = await chatAfter(async () => expect(await act('reopen', { note: '住户说还在滴水' })).toContain('已重开'));
    expect(chat.group).toContain('工单 #1（');
    expect(chat.group).toContain('我们会继续跟进处理');

    // a second resident reports the same leak as a new ticket; the supervisor merges it into #1
    await h.say('刘先生', '我家卫生间天花板在滴水，楼上漏下来的');
    const [second] = await h.db.db.select().from(tickets).where(eq(tickets.id, 2));
    expect(second).toBeTruthy();
    chat = await chatAfter(async () => expect(await act('merge', { other: '2' })).toContain('工单 #2 已并入 #1'));
    expect(chat.group).toContain('已合并到 #1 一起处理');
    const [merged] = await h.db.db.select().from(tickets).where(eq(tickets.id, 2));
    expect(merged!.status).toBe('closed');

    // a step the state does not allow is refused with the command's words, changing nothing
    expect(await act('resume')).toContain('当前处理中，不能恢复');

    const record = await b.page.locator('ol.record').textContent();
    for (const step of ['接单', '进展', '派单', '挂起', '恢复', '完成', '重开', '合并']) expect(record).toContain(`王主管 ${step}`);
    expect(record).toContain('控制台操作');
    expect(record).toContain('厨房水管漏水了'); // the resident's own report
    expect(record).toMatch(/已送达/); // the bot's messages with their delivery status
  });

  it('does not let a technician reassign a ticket: no form, and a forged request is refused by the same rule as 派单', async () => {
    await b.page.locator('nav button', { hasText: '退出' }).click();
    await b.page.waitForURL(`${web.url}/login`);
    await demoSignIn('李师傅');
    await b.page.goto(`${web.url}/tickets/1`);
    expect(await b.page.locator('select[name="assignee"]').count()).toBe(0);
    const wangId = h.personId('王主管');
    const res = await b.page.evaluate(async (assignee) => {
      const csrf = (globalThis as unknown as { document: { body: { dataset: { csrf: string } } } }).document.body.dataset.csrf;
      const r = await fetch('/tickets/1/action', {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-csrf-token': csrf },
        body: new URLSearchParams({ action: 'assign', assignee }).toString(),
      });
      return { status: r.status, body: await r.json() as { text: string } };
    }, wangId);
    expect(res.status).toBe(409);
    expect(res.body.text).toContain('「派单」需要主管或以上权限');
    const [t] = await h.db.db.select().from(tickets).where(eq(tickets.id, 1));
    expect(t!.assigneeId).toBe(h.personId('李师傅'));

    // and a POST without the CSRF token is refused outright
    const bare = await b.page.evaluate(async () => (await fetch('/tickets/1/action', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=accept',
    })).status);
    expect(bare).toBe(403);
  });
});
