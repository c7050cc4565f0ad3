import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bills } from '../../src/db/schema.js';
import { samplePng } from '../../src/sim/samples.js';
import type { RunningWeb } from '../../src/web/server.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';
import { announceSkip, CHROMIUM, consoleFor, openBrowser, type Browser } from '../helpers/browser.js';

announceSkip('tests/web/pages.browser.test.ts');

const MIN = 60_000;

describe.runIf(CHROMIUM)('the console\'s dashboard, ticket media and fees (Chromium)', () => {
  let h: Harness;
  let web: RunningWeb;
  let b: Browser;
  const later = (ms: number) => new Date(h.clock.now().getTime() + ms);

  beforeAll(async () => {
    h = await Harness.start();
    web = await consoleFor(h);
    b = await openBrowser();
    // a morning: a leak reported with a photo, fixed with an after photo and rated; a second report left open
    await h.send('张阿姨', { kind: 'image', name: 'leak.png', bytes: await samplePng(3, 640, 480) });
    await h.say('张阿姨', REPAIR);
    await h.say('刘先生', '楼道的灯坏了好几天了，晚上很黑');
    await h.sendAll();
    await h.say('李师傅', '接单 #1', STAFF_ROOM);
    await h.driver.advanceTo(later(40 * MIN));
    await h.say('李师傅', '完成 #1 已更换水管', STAFF_ROOM);
    await h.send('李师傅', { kind: 'image', name: 'repaired.png', bytes: readFileSync('tests/scripts/media/repaired.png') }, STAFF_ROOM);
    await h.sendAll();
    await h.say('张阿姨', '5');
    await h.sendAll();
    await b.page.goto(`${web.url}/login`);
    await b.page.locator('[data-testid="demo-王主管"]').click();
    await b.page.waitForURL(`${web.url}/`);
  });
  afterAll(async () => {
    await b?.close();
    await web?.stop();
    await h?.stop();
  });

  it('shows the same figures as 统计 for today, with Chinese charts and a CSV of each table', async () => {
    await h.say('王主管', '统计 今天', STAFF_ROOM);
    await h.sendAll();
    const stats = h.saidIn(STAFF_ROOM).map((s) => s.text).find((t) => t.includes('工单统计'))!;
    const total = /共 (\d+) 张/.exec(stats)![1]!;
    const respond = /响应：.*按时 (\S+?)（(\d+\/\d+)）/.exec(stats)!;
    const sat = /满意度：(\S+?)（/.exec(stats)![1]!;
    expect(Number(total)).toBe(2);

    await b.page.goto(`${web.url}/dashboard?range=today`);
    const cell = (label: string) => b.page.locator(`[data-table="summary"] tr:has(td:text-is("${label}")) td:nth-child(2)`).textContent();
    expect(await cell('工单数')).toBe(total);
    expect(await cell('按时响应比例')).toBe(respond[1]);
    expect(await cell('按时响应（按时/已到期）')).toBe(respond[2]);
    expect(await cell('满意（4-5分）比例')).toBe(sat);
    expect(await b.page.locator('[data-chart] svg').count()).toBeGreaterThanOrEqual(3);
    expect(await b.page.locator('[data-chart="category"] svg').textContent()).toContain('水管');

    const csv = await b.page.evaluate(async () => (await fetch('/dashboard/summary.csv?range=today')).text());
    expect(csv).toContain(`工单数,${total}`);
  });

  it('shows the ticket\'s photos to signed-in staff, before and after the repair, and to nobody else', async () => {
    await b.page.goto(`${web.url}/tickets/1`);
    const before = b.page.locator('.split > div:first-child img');
    const after = b.page.locator('.split > div:last-child img');
    expect([await before.count(), await after.count()]).toEqual([1, 1]);
    await expect.poll(() => before.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => after.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const src = (await before.getAttribute('src'))!;
    const signedOut = await fetch(`${web.url}${src}`, { redirect: 'manual' });
    expect(signedOut.status).toBe(401);
    expect((await fetch(`${web.url}${src.replace('/tickets/1/', '/tickets/2/')}`, { redirect: 'manual' })).status).toBe(401);
    // signed in, a picture is served only as part of the ticket it belongs to
    expect(await b.page.evaluate(async (u) => (await fetch(u)).status, src.replace('/tickets/1/', '/tickets/2/'))).toBe(404);
  });

  it('refuses a fee CSV with a bad line as a whole, naming the line; a good one is imported and listed', async () => {
    await b.page.goto(`${web.url}/fees`);
    const bad = ['小区,楼栋,房号,账期,金额,到期日', '阳光花园,3,2单元1502,2026-11,1280.50,2026-11-20', '阳光花园,3,1单元801,2026-11,一千,2026-11-20'].join('\n');
    await b.page.locator('#csv-text').fill(bad);
    await b.page.locator('[data-testid="import"]').click();
    await b.page.waitForLoadState();
    const notice = (await b.page.locator('[data-testid="fees-notice"]').textContent())!;
    expect(notice).toContain('整份文件没有导入任何内容');
    expect(notice).toMatch(/第 3 行：/);
    expect(notice).not.toMatch(/第 2 行/);
    expect((await h.db.db.select({ n: count() }).from(bills))[0]!.n).toBe(0);

    await b.page.locator('#csv-text').fill(bad.replace('一千', '960'));
    await b.page.locator('[data-testid="import"]').click();
    await b.page.waitForLoadState();
    expect(await b.page.locator('[data-testid="fees-notice"]').textContent()).toContain('已导入 2 行账单');
    expect(await b.page.locator('[data-testid="arrears"]').textContent()).toContain('阳光花园3栋2单元1502');
    // 刘先生's household has an open ticket (#2): no private reminder until it is resolved, and staff see why
    const held = b.page.locator('[data-testid="arrears"] tr', { hasText: '3栋1单元801' });
    expect(await held.textContent()).toContain('暂缓私信提醒');
    expect(await held.textContent()).toContain('#2');
    expect(await b.page.locator('[data-testid="arrears"] tr', { hasText: '3栋2单元1502' }).textContent()).not.toContain('暂缓');
  });

  // CONSOLE_SCREENSHOT=docs/console-board.png makes the README's picture
  it('renders the board as a picture', async () => {
    await b.page.goto(`${web.url}/`);
    await b.page.locator('tr[data-ticket="2"]').waitFor();
    const file = process.env.CONSOLE_SCREENSHOT ?? path.join(tmpdir(), `linli-board-${process.pid}.png`);
    await b.page.screenshot({ path: file });
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (!process.env.CONSOLE_SCREENSHOT) rmSync(file);
    // and the ticket with its record and photos (CONSOLE_SCREENSHOT=docs/console-board.png also writes docs/console-ticket.png)
    await b.page.goto(`${web.url}/tickets/1`);
    const ticketFile = file.replace(/board(-\d+)?\.png$/, (_m, pid: string | undefined) => `ticket${pid ?? ''}.png`);
    await b.page.screenshot({ path: ticketFile, fullPage: true });
    expect(readFileSync(ticketFile).subarray(1, 4).toString()).toBe('PNG');
    if (!process.env.CONSOLE_SCREENSHOT) rmSync(ticketFile);
  });
});
