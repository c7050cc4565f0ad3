import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staff } from '../../db/schema.js';
import { listTicketMedia, readMedia, type MediaVariant } from '../../media/read.js';
import { sendPage, type WebDeps } from '../server.js';
import { CONSOLE_ACTIONS, runConsoleAction, type ConsoleAction } from './actions.js';
import { reportersWithUnits, ticketById, ticketRecord } from './record.js';
import { detailView } from './view.js';

const VARIANTS: MediaVariant[] = ['full', 'thumbnail', 'playable'];

export async function ticketRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config, clock } = deps;

  const show = async (req: FastifyRequest, reply: FastifyReply, id: number, flash: { ok: boolean; text: string } | null, code = 200) => {
    const t = await ticketById(db, id);
    if (!t) return reply.code(404).type('text/plain; charset=utf-8').send(`没有找到工单 #${id}`);
    const [reporters, record, media, roster] = await Promise.all([
      reportersWithUnits(db, id), ticketRecord(db, t), listTicketMedia(db, id),
      db.select().from(staff).where(eq(staff.active, true)).orderBy(asc(staff.name)),
    ]);
    const assignee = roster.find((s) => s.contactId === t.assigneeId) ?? null;
    reply.code(code);
    return sendPage(req, reply, `工单 #${id}`, detailView({ t, reporters, record, media, assignee, roster, viewer: req.staff!, csrf: req.csrf!, now: clock.now(), tz: config.timezone, flash }));
  };

  app.get<{ Params: { id: string } }>('/tickets/:id', async (req, reply) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1) return reply.code(404).send('没有这张工单');
    return show(req, reply, id, null);
  });

  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/tickets/:id/action', async (req, reply) => {
    const id = Number(req.params.id);
    const action = CONSOLE_ACTIONS.find((a) => a === req.body.action) as ConsoleAction | undefined;
    if (!Number.isInteger(id) || id < 1 || !action) return reply.code(400).type('text/plain; charset=utf-8').send('无效的操作，没有做任何改动。');
    const other = Number(String(req.body.other ?? '').replace(/^#/, ''));
    const result = await runConsoleAction(deps, clock.now(), req.staff!, id, {
      action, note: String(req.body.note ?? '').slice(0, 500), assignee: req.body.assignee, other: Number.isInteger(other) && other > 0 ? other : undefined,
    });
    deps.wake?.();
    const text = result.ok ? (result.privateText ?? result.text) : result.text;
    if (req.headers.accept?.includes('application/json')) return reply.code(result.ok ? 200 : 409).send({ ok: result.ok, text, refused: result.refused ?? null });
    return show(req, reply, id, { ok: result.ok, text }, result.ok ? 200 : 409);
  });

  // pictures, voice and files: only to signed-in staff (the guard), and only as part of this ticket
  app.get<{ Params: { id: string; mid: string; variant: string } }>('/tickets/:id/media/:mid/:variant', async (req, reply) => {
    const variant = VARIANTS.find((v) => v === req.params.variant);
    const id = Number(req.params.id);
    const mid = Number(req.params.mid);
    if (!variant || !Number.isInteger(id) || !Number.isInteger(mid)) return reply.code(404).send('not found');
    const body = await readMedia(db, mid, variant, { ticketId: id });
    if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个文件（未下载、已过期或不属于这张工单）');
    const inline = /^(image|audio|video)\//.test(body.contentType);
    return reply.type(body.contentType).header('cache-control', 'private, max-age=600')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(body.fileName)}`)
      .send(body.bytes);
  });
}
