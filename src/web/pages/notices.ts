import { and, asc, desc, eq, like, max } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { outbox, rooms, scheduleRuns, schedules } from '../../db/schema.js';
import { NOTICE_ROLES } from '../../domain/notices/commands.js';
import { scopeOf } from '../../domain/notices/fire.js';
import { previewNotice, type NoticePreview } from '../../domain/notices/preview.js';
import { firstOpenSlot } from '../../domain/schedules/engine.js';
import { describeScope } from '../../domain/schedules/targets.js';
import { describeInstant, zonedTime } from '../../domain/time.js';
import type { Role } from '../../domain/types.js';
import { html, type Html } from '../html.js';
import { sendPage, type WebDeps } from '../server.js';

const SEND_STATUS: Record<string, string> = { pending: '等待发送', sending: '发送中', sent: '已发送', failed: '发送失败', unknown: '可能未送达', cancelled: '已取消' };
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

interface Draft { scope: string; at: string; cron: string; text: string }

/**
 * Notices: scheduled and repeating ones with their next run, create with a preview (how many
 * groups, and when quiet hours defer it), cancel, and each run's delivery per group.
 */
export async function noticesPage(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config, clock } = deps;
  const tz = config.timezone;
  const mayEdit = (req: FastifyRequest) => NOTICE_ROLES.includes(req.staff!.role as Role);

  const whenOf = (d: Draft): Date | { cron: string } | null => {
    if (d.cron.trim()) return { cron: d.cron.trim() };
    const m = LOCAL.exec(d.at.trim());
    return m ? zonedTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), tz) : null;
  };

  const show = async (req: FastifyRequest, reply: FastifyReply, o: { draft?: Draft; preview?: NoticePreview; notice?: { ok: boolean; text: string } } = {}, code = 200) => {
    const now = clock.now();
    const rows = await db.select({ s: schedules, last: max(scheduleRuns.slot) }).from(schedules)
      .leftJoin(scheduleRuns, eq(scheduleRuns.scheduleId, schedules.id))
      .where(eq(schedules.kind, 'notice')).groupBy(schedules.id).orderBy(desc(schedules.id)).limit(100);
    const deliveries = await db.select({ key: outbox.dedupeKey, status: outbox.status, topic: rooms.topic }).from(outbox)
      .leftJoin(rooms, eq(rooms.id, outbox.roomId)).where(and(eq(outbox.kind, 'notice'), like(outbox.dedupeKey, 'schedule:%')))
      .orderBy(asc(outbox.id)).limit(2000);
    const byNotice = new Map<number, { slot: string; status: string; topic: string }[]>();
    for (const d of deliveries) {
      const m = /^schedule:(\d+):([^:]+:[^:]+:[^:]+):/.exec(d.key ?? '');
      if (!m) continue;
      const list = byNotice.get(Number(m[1])) ?? [];
      list.push({ slot: m[2]!, status: d.status, topic: d.topic ?? '' });
      byNotice.set(Number(m[1]), list);
    }
    const edit = mayEdit(req);
    const d = o.draft ?? { scope: '全部', at: '', cron: '', text: '' };
    const form: Html = edit ? html`<section><h2>新建通知</h2>
      <form method="post" action="/notices" class="notice-form"><input type="hidden" name="_csrf" value="${req.csrf}">
        <label>范围 <input name="scope" value="${d.scope}" placeholder="全部 / 阳光花园 / 阳光花园3栋"></label>
        <label>时间 <input type="datetime-local" name="at" value="${d.at}"></label>
        <label>或重复（cron） <input name="cron" value="${d.cron}" placeholder="0 9 * * 1 （每周一 9:00）"></label><br>
        <textarea name="text" rows="4" cols="70" placeholder="通知内容">${d.text}</textarea><br>
        <button name="step" value="preview" data-testid="notice-preview">预览</button>
        ${o.preview ? html`<button name="step" value="create" data-testid="notice-create">确认创建</button>` : ''}
      </form>
      ${o.preview ? html`<div class="flash ok" data-testid="preview"><p>${o.preview.summary}</p>
        <p>${o.preview.groups.map((g) => g.topic).join('、')}</p>
        ${o.preview.runs.length > 1 ? html`<p>接下来：${o.preview.runs.map((r) => describeInstant(r.sendsAt, tz, now)).join('；')}</p>` : ''}</div>` : ''}
    </section>` : html`<p class="muted">新建和取消通知需要主管或经理权限。</p>`;
    const list = html`<section><h2>定时通知</h2><table><thead><tr><th>编号</th><th>时间</th><th>下次</th><th>范围</th><th>内容</th><th>各群发送</th><th></th></tr></thead><tbody>
      ${rows.map(({ s, last }) => {
        const next = s.active ? firstOpenSlot(s, last ? new Date(last) : null, tz) : null;
        const sent = byNotice.get(s.id) ?? [];
        return html`<tr data-notice="${s.id}"><td>${s.id}</td><td>${String(s.payload.label ?? (s.cron ?? ''))}</td>
          <td>${s.active ? (next ? describeInstant(next, tz, now) : '—') : '已取消或已发完'}</td><td>${describeScope(scopeOf(s.scope))}</td>
          <td>${String(s.payload.text ?? '').slice(0, 60)}</td>
          <td>${sent.length ? html`<ul class="deliveries">${sent.map((x) => html`<li>${x.topic}：${SEND_STATUS[x.status] ?? x.status}</li>`)}</ul>` : html`<span class="muted">还没有发出</span>`}</td>
          <td>${edit && s.active ? html`<form method="post" action="/notices/${s.id}/cancel" class="inline"><input type="hidden" name="_csrf" value="${req.csrf}"><button>取消</button></form>` : ''}</td></tr>`;
      })}</tbody></table></section>`;
    return sendPage(req, reply.code(code), '通知', html`<h1>通知</h1>
      ${o.notice ? html`<p class="flash ${o.notice.ok ? 'ok' : 'err'}" data-testid="notice-result">${o.notice.text}</p>` : ''}${form}${list}`, '/notices');
  };

  app.get('/notices', (req, reply) => show(req, reply));

  app.post<{ Body: Record<string, string> }>('/notices', async (req, reply) => {
    if (!mayEdit(req)) return show(req, reply, { notice: { ok: false, text: '新建通知需要主管或经理权限。' } }, 403);
    const draft: Draft = { scope: String(req.body.scope ?? '全部').trim() || '全部', at: String(req.body.at ?? ''), cron: String(req.body.cron ?? ''), text: String(req.body.text ?? '').trim() };
    const when = whenOf(draft);
    if (!draft.text) return show(req, reply, { draft, notice: { ok: false, text: '请写上通知内容。' } }, 400);
    if (!when) return show(req, reply, { draft, notice: { ok: false, text: '请选择发送时间，或写一个重复时间。' } }, 400);
    const now = clock.now();
    const preview = await previewNotice(db, config, draft.scope, when, now);
    if (!preview.ok) return show(req, reply, { draft, notice: { ok: false, text: preview.error } }, 400);
    if (req.body.step !== 'create') return show(req, reply, { draft, preview });
    const [row] = await db.insert(schedules).values({
      kind: 'notice', cron: when instanceof Date ? null : when.cron, runAt: when instanceof Date ? (when < now ? now : when) : null,
      scope: { community: preview.scope.community, building: preview.scope.building },
      payload: { text: draft.text, label: when instanceof Date ? describeInstant(when, tz, now) : `重复 ${when.cron}` },
      createdBy: req.staff!.contactId, createdAt: now,
    }).returning();
    return show(req, reply, { notice: { ok: true, text: `已安排通知（编号 ${row!.id}）：${preview.summary}` } });
  });

  app.post<{ Params: { id: string } }>('/notices/:id/cancel', async (req, reply) => {
    if (!mayEdit(req)) return show(req, reply, { notice: { ok: false, text: '取消通知需要主管或经理权限。' } }, 403);
    const id = Number(req.params.id);
    const [row] = Number.isInteger(id)
      ? await db.update(schedules).set({ active: false }).where(and(eq(schedules.id, id), eq(schedules.kind, 'notice'), eq(schedules.active, true))).returning()
      : [];
    return row
      ? show(req, reply, { notice: { ok: true, text: `已取消通知（编号 ${id}）。` } })
      : show(req, reply, { notice: { ok: false, text: `没有编号 ${id} 的待发通知。` } }, 409);
  });
}
