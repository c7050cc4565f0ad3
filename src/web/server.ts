import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { roleName } from '../domain/commands/registry.js';
import type { StaffRow } from '../domain/types.js';
import type { Logger } from '../log.js';
import { authRoutes } from './auth/routes.js';
import { csrfFor, LOGIN_COOKIE, SESSION_COOKIE, sessionStaff } from './auth/sessions.js';
import { boardRoutes } from './board/routes.js';
import { TicketEvents } from './board/events.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { layout, type Html, type Viewer } from './html.js';
import { adminRoutes } from './pages/routes.js';
import { ticketRoutes } from './tickets/routes.js';

export interface WechatState {
  /** simulator: the mock WeChat without a token; wechat: the puppet service */
  mode: 'simulator' | 'wechat';
  loggedIn: boolean;
  name?: string | null;
}

export interface WebDeps {
  db: Db;
  config: Config;
  clock: Clock;
  log: Logger;
  wechat: () => WechatState;
  /** wakes the send queue after a console action queued messages */
  wake?: () => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffRow | null;
    /** the CSRF token this browser's forms carry (from its session, or its pending sign-in) */
    csrf: string | null;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const HTMX = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));

const PUBLIC = [/^\/healthz$/, /^\/favicon\.ico$/, /^\/assets\//, /^\/login(\/|$|\?)/];

export function viewerOf(req: FastifyRequest): Viewer | null {
  return req.staff ? { name: req.staff.name, role: req.staff.role, roleName: roleName(req.staff.role) } : null;
}

/** A full page for the signed-in viewer. */
export function sendPage(req: FastifyRequest, reply: FastifyReply, title: string, body: Html, path?: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(layout({ title, viewer: viewerOf(req), csrf: req.csrf, path }, body));
}

export function secureCookie(req: FastifyRequest, config: Config): boolean {
  return config.web.secureCookies || req.protocol === 'https';
}

// only a page a person navigates to is redirected to /login (a favicon or script fetch must not start a new sign-in)
const wantsJson = (req: FastifyRequest) => req.url.startsWith('/api/') || req.method !== 'GET' || req.headers['hx-request'] === 'true'
  || !(req.headers.accept ?? 'text/html').includes('text/html');

/** The staff console, served by the bot process: routes, sign-in, CSRF, assets, live events. */
export async function buildWebServer(deps: WebDeps): Promise<{ app: FastifyInstance; events: TicketEvents }> {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  const events = new TicketEvents(deps.db, deps.log);
  app.decorateRequest('staff', null);
  app.decorateRequest('csrf', null);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, { root: join(here, 'assets'), prefix: '/assets/', maxAge: 3_600_000 });
  app.get('/assets/htmx.min.js', (_req, reply) => reply.type('application/javascript').header('cache-control', 'public, max-age=3600').send(HTMX));

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  // who is signed in; unauthenticated pages go to /login, API calls get 401; every POST carries the CSRF token
  app.addHook('preHandler', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.staff = await sessionStaff(deps.db, deps.config, deps.clock.now(), token);
      if (req.staff) req.csrf = csrfFor(token);
    }
    const path = req.url.split('?')[0]!;
    const isPublic = PUBLIC.some((re) => re.test(path));
    if (!req.csrf && isPublic && req.cookies[LOGIN_COOKIE]) req.csrf = csrfFor(req.cookies[LOGIN_COOKIE]);
    if (!req.staff && !isPublic) {
      if (wantsJson(req)) return reply.code(401).send({ error: '请先登录控制台' });
      return reply.redirect('/login');
    }
    if (req.method === 'POST') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const sent = req.headers['x-csrf-token'] ?? body._csrf;
      if (!req.csrf || typeof sent !== 'string' || sent !== req.csrf) {
        return reply.code(403).type('text/plain; charset=utf-8').send('请求缺少有效的安全令牌（CSRF），没有做任何改动。请刷新页面后重试。');
      }
    }
  });

  app.setErrorHandler((e: Error & { statusCode?: number }, req, reply) => {
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ error: e.message });
    deps.log.error('console request failed', { url: req.url, e });
    return reply.code(500).type('text/plain; charset=utf-8').send('控制台出错了，没有做任何改动。请稍后重试；问题一直存在请联系管理员查看日志。');
  });

  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());

  app.get('/healthz', async (_req, reply) => {
    let database: 'up' | 'down' = 'up';
    try {
      await deps.db.execute(sql`select 1`);
    } catch {
      database = 'down';
    }
    const w = deps.wechat();
    return reply.code(database === 'up' ? 200 : 503).send({
      status: database === 'up' ? 'ok' : 'degraded', database, wechat: { mode: w.mode, loggedIn: w.loggedIn }, at: deps.clock.now().toISOString(),
    });
  });

  await authRoutes(app, deps);
  await boardRoutes(app, deps, events);
  await ticketRoutes(app, deps);
  await dashboardRoutes(app, deps);
  await adminRoutes(app, deps);
  app.addHook('onClose', async () => { await events.stop(); });
  return { app, events };
}

export interface RunningWeb {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Builds and listens on WEB_HOST:WEB_PORT (port 0: any free port). */
export async function startWebServer(deps: WebDeps): Promise<RunningWeb> {
  const { app, events } = await buildWebServer(deps);
  await events.start();
  await app.listen({ host: deps.config.web.host, port: deps.config.web.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.web.port;
  const host = deps.config.web.host.includes(':') ? `[${deps.config.web.host}]` : deps.config.web.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return { app, url, stop: () => app.close() };
}
