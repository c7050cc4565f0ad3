import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { staff, tickets, webLoginCodes, webSessions } from '../../src/db/schema.js';
import { claimCode, sha256 } from '../../src/domain/login/codes.js';
import { silentLogger } from '../../src/log.js';
import { buildWebServer } from '../../src/web/server.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
const clock = new VirtualClock('2026-11-23T09:00:00+08:00');
const servers: FastifyInstance[] = [];

async function server(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const { app } = await buildWebServer({
    db: db.db, config: loadConfig(env), clock, log: silentLogger,
    wechat: () => ({ mode: env.WECHATY_PUPPET_SERVICE_TOKEN ? 'wechat' : 'simulator', loggedIn: true }),
  });
  servers.push(app);
  return app;
}

const cookieOf = (res: { headers: Record<string, unknown> }, name: string): string | null => {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const c = all.find((x: string) => x.startsWith(`${name}=`));
  return c ? c.slice(name.length + 1).split(';')[0]! : null;
};
const setCookieLine = (res: { headers: Record<string, unknown> }, name: string) => {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : [String(raw)]).find((x: string) => x.startsWith(`${name}=`)) ?? '';
};

/** Opens /login: the code shown, the browser's login cookie and the CSRF token of its forms. */
async function openLogin(app: FastifyInstance) {
  const res = await app.inject({ method: 'GET', url: '/login' });
  const code = /id="code">([A-Z0-9]+)</.exec(res.body)?.[1] ?? null;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? null;
  return { res, code, csrf, login: cookieOf(res, 'linli_login') };
}

async function demoSignIn(app: FastifyInstance, contactId: string): Promise<{ session: string; csrf: string }> {
  const { login, csrf } = await openLogin(app);
  const res = await app.inject({ method: 'POST', url: '/login/demo', cookies: { linli_login: login! }, payload: { _csrf: csrf!, contactId } });
  expect(res.statusCode).toBe(303);
  const session = cookieOf(res, 'linli_session')!;
  const page = await app.inject({ method: 'GET', url: '/', cookies: { linli_session: session } });
  return { session, csrf: /data-csrf="([^"]+)"/.exec(page.body)![1]! };
}

beforeAll(async () => {
  db = await freshDatabase();
  const now = clock.now();
  await db.db.insert(staff).values([
    { contactId: 'wx-manager', name: '赵经理', role: 'manager', createdAt: now },
    { contactId: 'wx-tech', name: '李师傅', role: 'technician', createdAt: now },
    { contactId: 'wx-gone', name: '前员工', role: 'agent', active: false, createdAt: now },
  ]);
  await db.db.insert(tickets).values({
    intent: 'repair', category: 'water', reporterId: 'wx-res', reporterName: '张阿姨', summary: '厨房水管漏水了', createdAt: now,
    respondDueAt: new Date(now.getTime() + 15 * 60_000), resolveDueAt: new Date(now.getTime() + 86_400_000), community: '阳光花园', building: '3栋',
  });
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await db?.dispose();
});

describe('console over HTTP', () => {
  it('answers /healthz with the database and WeChat state, without signing in', async () => {
    const app = await server();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'up', wechat: { mode: 'simulator', loggedIn: true } });
  });

  it('sends unauthenticated pages to /login and gives unauthenticated API calls and POSTs a 401', async () => {
    const app = await server();
    for (const url of ['/', '/tickets/1', '/dashboard', '/groups', '/bot']) {
      const res = await app.inject({ method: 'GET', url });
      expect([res.statusCode, res.headers.location]).toEqual([302, '/login']);
    }
    expect((await app.inject({ method: 'GET', url: '/api/board' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/board/events' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/tickets/1/media/1/full' })).statusCode).toBe(302);
    expect((await app.inject({ method: 'POST', url: '/tickets/1/action', payload: { action: 'accept' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/assets/htmx.min.js' })).statusCode).toBe(200);
  });

  it('shows a one-time code, stored only as its sha256, and the demo staff marked 演示 in the simulator', async () => {
    const app = await server();
    const { res, code, login } = await openLogin(app);
    expect(res.statusCode).toBe(200);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(setCookieLine(res, 'linli_login')).toMatch(/HttpOnly/i);
    const [row] = await db.db.select().from(webLoginCodes).where(eq(webLoginCodes.codeHash, sha256(code!)));
    expect(row).toBeTruthy();
    expect(row!.browserHash).toBe(sha256(login!));
    expect(JSON.stringify(await db.db.select().from(webLoginCodes))).not.toContain(code!);
    expect(res.body).toContain('演示 · 赵经理（经理）');
    expect(res.body).toContain('演示 · 李师傅（维修师傅）');
    expect(res.body).not.toContain('前员工');
  });

  it('never offers demo sign-ins with a WeChat token, and refuses the demo route then', async () => {
    const app = await server({ WECHATY_PUPPET_SERVICE_TOKEN: 'tok' });
    const { res, login, csrf } = await openLogin(app);
    expect(res.body).not.toContain('演示');
    const post = await app.inject({ method: 'POST', url: '/login/demo', cookies: { linli_login: login! }, payload: { _csrf: csrf ?? '', contactId: 'wx-manager' } });
    expect(post.statusCode).not.toBe(303);
    expect(cookieOf(post, 'linli_session')).toBeNull();
  });

  it('signs the waiting browser in once the code is claimed through the bot, once only', async () => {
    const app = await server();
    const { code, login } = await openLogin(app);
    expect((await app.inject({ method: 'GET', url: '/login/status', cookies: { linli_login: login! } })).json()).toEqual({ state: 'waiting' });
    expect(await db.db.transaction((tx) => claimCode(tx, clock.now(), code!.toLowerCase(), 'wx-tech'))).toBe('ok');
    const res = await app.inject({ method: 'GET', url: '/login/status', cookies: { linli_login: login! } });
    expect(res.json()).toEqual({ state: 'signed-in' });
    const line = setCookieLine(res, 'linli_session');
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).not.toMatch(/Secure/i);
    const token = cookieOf(res, 'linli_session')!;
    const [s] = await db.db.select().from(webSessions).where(eq(webSessions.tokenHash, sha256(token)));
    expect(s!.contactId).toBe('wx-tech');
    const page = await app.inject({ method: 'GET', url: '/', cookies: { linli_session: token } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('李师傅（维修师傅）');
    // the same browser cannot turn the claim into a second session
    const again = await app.inject({ method: 'GET', url: '/login/status', cookies: { linli_login: login! } });
    expect(again.json()).toEqual({ state: 'none' });
    expect(await db.db.transaction((tx) => claimCode(tx, clock.now(), code!, 'wx-manager'))).toBe('used');
  });

  it('marks the session cookie Secure with WEB_SECURE_COOKIES', async () => {
    const app = await server({ WEB_SECURE_COOKIES: 'true' });
    const { login, csrf } = await openLogin(app);
    const res = await app.inject({ method: 'POST', url: '/login/demo', cookies: { linli_login: login! }, payload: { _csrf: csrf!, contactId: 'wx-manager' } });
    expect(setCookieLine(res, 'linli_session')).toMatch(/; Secure/);
  });

  it('refuses a POST without the CSRF token (or with another browser\'s), changing nothing', async () => {
    const app = await server();
    const { session } = await demoSignIn(app, 'wx-manager');
    const other = await demoSignIn(app, 'wx-tech');
    for (const payload of [{ action: 'accept' }, { action: 'accept', _csrf: other.csrf }]) {
      const res = await app.inject({ method: 'POST', url: '/tickets/1/action', cookies: { linli_session: session }, payload });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('CSRF');
    }
    const [t] = await db.db.select().from(tickets).where(eq(tickets.id, 1));
    expect([t!.status, t!.assigneeId]).toEqual(['open', null]);
    // a demo sign-in without the login page's token is refused too
    const { login } = await openLogin(app);
    const res = await app.inject({ method: 'POST', url: '/login/demo', cookies: { linli_login: login! }, payload: { contactId: 'wx-manager' } });
    expect([res.statusCode, cookieOf(res, 'linli_session')]).toEqual([403, null]);
  });

  it('ends a session on sign-out, after the idle time, and after the absolute time', async () => {
    const app = await server({ WEB_SESSION_IDLE_MINUTES: '30', WEB_SESSION_MAX_HOURS: '2' });
    const ok = (s: string) => app.inject({ method: 'GET', url: '/', cookies: { linli_session: s } }).then((r) => r.statusCode);

    const a = await demoSignIn(app, 'wx-manager');
    const out = await app.inject({ method: 'POST', url: '/logout', cookies: { linli_session: a.session }, payload: { _csrf: a.csrf } });
    expect(out.statusCode).toBe(303);
    expect(await ok(a.session)).toBe(302);

    const b = await demoSignIn(app, 'wx-manager');
    clock.advance(31 * 60_000);
    expect(await ok(b.session)).toBe(302);

    const c = await demoSignIn(app, 'wx-manager');
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * 60_000);
      expect(await ok(c.session)).toBe(200);
    }
    clock.advance(25 * 60_000);
    expect(await ok(c.session)).toBe(302); // 2 h 5 min after sign-in, though never idle 25 minutes
  });

  it('drops a session whose staff member left the roster', async () => {
    const app = await server();
    const s = await demoSignIn(app, 'wx-tech');
    await db.db.update(staff).set({ active: false }).where(eq(staff.contactId, 'wx-tech'));
    const res = await app.inject({ method: 'GET', url: '/', cookies: { linli_session: s.session } });
    expect(res.statusCode).toBe(302);
    await db.db.update(staff).set({ active: true }).where(eq(staff.contactId, 'wx-tech'));
  });
});
