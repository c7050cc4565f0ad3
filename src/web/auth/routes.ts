import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staff } from '../../db/schema.js';
import { roleName } from '../../domain/commands/registry.js';
import { CODE_TTL_MS, issueCode, randomToken, redeem } from '../../domain/login/codes.js';
import { html, layout } from '../html.js';
import { secureCookie, type WebDeps } from '../server.js';
import { csrfFor, endSession, LOGIN_COOKIE, openSession, SESSION_COOKIE } from './sessions.js';

const LIMIT = (max: number) => ({ config: { rateLimit: { max, timeWindow: '1 minute' } } });

/**
 * Sign-in through the bot: /login shows a one-time code and waits; the staff member sends
 * `登录 CODE` privately to the bot; /login/status then turns the claim into a session. In the
 * simulator (no WeChat token) the demo staff can also sign in with one click.
 */
export async function authRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config, clock } = deps;
  const simulator = !config.puppet.token;

  const signIn = async (req: FastifyRequest, reply: FastifyReply, contactId: string) => {
    const token = await openSession(db, config, clock.now(), contactId);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie(req, config), maxAge: config.web.sessionMaxHours * 3600,
    });
    reply.clearCookie(LOGIN_COOKIE, { path: '/login' });
  };

  app.get('/login', LIMIT(30), async (req, reply) => {
    if (req.staff) return reply.redirect('/');
    const secret = randomToken();
    const { code } = await issueCode(db, clock.now(), secret);
    reply.setCookie(LOGIN_COOKIE, secret, {
      path: '/login', httpOnly: true, sameSite: 'lax', secure: secureCookie(req, config), maxAge: CODE_TTL_MS / 1000,
    });
    const csrf = csrfFor(secret);
    const demo = simulator
      ? await db.select().from(staff).where(eq(staff.active, true)).orderBy(asc(staff.createdAt), asc(staff.name))
      : [];
    const body = html`<section class="login">
      <h1>登录邻里控制台</h1>
      <p>用您在员工名单里的微信，<strong>私聊</strong>机器人发送：</p>
      <p class="code" data-testid="login-code">登录 <span id="code">${code}</span></p>
      <p class="hint">验证码 ${CODE_TTL_MS / 60_000} 分钟内有效，只能用一次。机器人确认后，本页会自动进入控制台。</p>
      <p><a href="/login/status?go=1" id="login-continue">已发送，进入控制台</a> · <a href="/login">换一个验证码</a></p>
      ${demo.length ? html`<div class="demo"><h2>演示登录 <small>（模拟器模式，没有微信令牌时才有）</small></h2>
        ${demo.map((s) => html`<form method="post" action="/login/demo" class="inline">
          <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="contactId" value="${s.contactId}">
          <button class="demo-btn" data-testid="demo-${s.name}">演示 · ${s.name}（${roleName(s.role)}）</button></form>`)}
      </div>` : ''}
    </section>`;
    return reply.type('text/html; charset=utf-8').send(layout({ title: '登录', viewer: null, csrf: null }, body));
  });

  app.get('/login/status', LIMIT(90), async (req, reply) => {
    const go = (req.query as Record<string, string>).go === '1';
    const secret = req.cookies[LOGIN_COOKIE];
    const state = secret ? await redeem(db, clock.now(), secret) : { state: 'none' as const };
    if (state.state === 'claimed') {
      await signIn(req, reply, state.contactId);
      return go ? reply.redirect('/') : reply.send({ state: 'signed-in' });
    }
    if (!go) return reply.send({ state: state.state });
    const body = state.state === 'waiting'
      ? html`<section class="login"><p>还没有收到您的「登录」消息。请私聊机器人发送验证码后，<a href="/login/status?go=1">再点这里</a>。</p></section>`
      : html`<section class="login"><p>验证码已过期或无效，<a href="/login">请重新获取</a>。</p></section>`;
    return reply.type('text/html; charset=utf-8').send(layout({ title: '登录', viewer: null, csrf: null }, body));
  });

  app.post('/login/demo', LIMIT(20), async (req, reply) => {
    if (!simulator) return reply.code(404).send({ error: 'not found' });
    const contactId = String((req.body as Record<string, unknown>).contactId ?? '');
    const [member] = await db.select().from(staff).where(and(eq(staff.contactId, contactId), eq(staff.active, true)));
    if (!member) return reply.code(403).type('text/plain; charset=utf-8').send('不在员工名单里，不能登录。');
    await signIn(req, reply, member.contactId);
    return reply.redirect('/', 303);
  });

  app.post('/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(db, clock.now(), token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
