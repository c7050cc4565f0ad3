import type { FastifyInstance } from 'fastify';
import { html } from '../html.js';
import { sendPage, type WebDeps } from '../server.js';
import type { TicketEvents } from './events.js';
import { boardPage, filterChoices, parseFilter } from './query.js';
import { boardTable, filterForm } from './view.js';

const HEARTBEAT_MS = 25_000;

export async function boardRoutes(app: FastifyInstance, deps: WebDeps, events: TicketEvents): Promise<void> {
  const { db, config, clock } = deps;
  const tz = config.timezone;
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => { for (const end of [...streams]) end(); });

  app.get('/', async (req, reply) => {
    const f = parseFilter(req.query as Record<string, unknown>);
    const now = clock.now();
    const [page, choices] = await Promise.all([boardPage(db, f, now, tz), filterChoices(db)]);
    return sendPage(req, reply, '工单', html`<h1>工单 <small class="live" id="live">实时</small></h1>
      ${filterForm(f, choices)}${boardTable(page, f, now, tz)}`, '/');
  });

  app.get('/board/table', async (req, reply) => {
    const f = parseFilter(req.query as Record<string, unknown>);
    const now = clock.now();
    return reply.type('text/html; charset=utf-8').send(boardTable(await boardPage(db, f, now, tz), f, now, tz).value);
  });

  app.get('/api/board', async (req) => {
    const f = parseFilter(req.query as Record<string, unknown>);
    return boardPage(db, f, clock.now(), tz);
  });

  // server-sent events: one line per changed ticket, from the tickets trigger's NOTIFY
  app.get('/api/board/events', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    const off = events.subscribe((id) => { res.write(`event: ticket\ndata: ${id}\n\n`); });
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => { clearInterval(beat); off(); streams.delete(end); res.end(); };
    streams.add(end);
    req.raw.on('close', end);
  });
}
