import { roleName } from '../../domain/commands/registry.js';
import { categoryName, intentName, statusName } from '../../domain/tickets/lifecycle.js';
import { mayOperate, type Operation } from '../../domain/tickets/operations.js';
import { shortDateTime } from '../../domain/time.js';
import type { ReporterRow, StaffRow, TicketRow } from '../../domain/types.js';
import type { TicketMediaItem } from '../../media/read.js';
import { countdown } from '../board/view.js';
import { html, type Html } from '../html.js';
import type { RecordEntry } from './record.js';

const STEP_NAMES: Record<string, string> = {
  open: '登记', close: '关闭', remind: '提醒负责人', 'ask-unit': '询问房号', location: '补充位置', 'low-rating': '低分回访', repeat: '再次反映',
  'repeat-quiet': '再次反映（未回复）', reporter: '新增报告人', create: '登记', accept: '接单', assign: '派单', progress: '进展', resolve: '完成', reopen: '重开', hold: '挂起', resume: '恢复',
  merge: '合并', rate: '评价', expire: '关闭', console: '控制台操作', escalate: '催办', report: '报告',
};
const SEND_STATUS: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已送达', failed: '发送失败', unknown: '可能未送达', cancelled: '已取消' };

function entry(e: RecordEntry, tz: string): Html {
  const when = shortDateTime(e.at, tz);
  if (e.kind === 'resident') {
    return html`<li class="rec resident"><time>${when}</time> <b>${e.who}</b> ${e.room ? html`<small>在${e.room}</small>` : html`<small>私聊</small>`}：${e.text}</li>`;
  }
  if (e.kind === 'bot') {
    return html`<li class="rec bot"><time>${when}</time> <b>机器人</b> → ${e.to}：${e.text} <span class="send ${e.status}">${SEND_STATUS[e.status] ?? e.status}</span></li>`;
  }
  return html`<li class="rec staff"><time>${when}</time> <b>${e.who ?? '系统'}</b> ${STEP_NAMES[e.action] ?? e.action}${e.to && e.from !== e.to ? html` <small>${statusName(e.from ?? '')} → ${statusName(e.to)}</small>` : ''}${e.note ? html`：${e.note}` : ''}</li>`;
}

function mediaItem(ticketId: number, m: TicketMediaItem, tz: string): Html {
  const base = `/tickets/${ticketId}/media/${m.id}`;
  const caption = html`<figcaption>${m.sender.name} · ${shortDateTime(m.sentAt, tz)}${m.status !== 'stored' ? html` · <b>${m.status === 'expired' ? '已过保存期' : '未能下载'}</b>` : ''}</figcaption>`;
  if (m.kind === 'image' && m.hasThumbnail) return html`<figure><a href="${base}/full" target="_blank"><img src="${base}/thumbnail" alt="图片" loading="lazy"></a>${caption}</figure>`;
  if (m.kind === 'voice' && m.playable) return html`<figure><audio controls preload="none" src="${base}/playable"></audio>${m.transcript ? html`<p>${m.transcript}</p>` : ''}${caption}</figure>`;
  if (m.kind === 'video' && m.playable) return html`<figure><video controls preload="none" width="240" src="${base}/playable"></video>${caption}</figure>`;
  if (m.status === 'stored') return html`<figure><a href="${base}/full" download>${m.fileName ?? '文件'}</a> <small>${Math.ceil((m.size ?? 0) / 1024)} KB</small>${caption}</figure>`;
  return html`<figure class="missing">[${m.kind}]${caption}</figure>`;
}

export interface DetailData {
  t: TicketRow; reporters: ReporterRow[]; record: RecordEntry[]; media: TicketMediaItem[]; assignee: StaffRow | null;
  roster: StaffRow[]; viewer: StaffRow; csrf: string; now: Date; tz: string; flash?: { ok: boolean; text: string } | null;
}

function actions(d: DetailData): Html {
  const may = (o: Operation) => mayOperate(o, d.viewer.role as never);
  const form = (action: string, label: string, extra: Html | string = '') => html`<form method="post" action="/tickets/${d.t.id}/action" class="act">
    <input type="hidden" name="_csrf" value="${d.csrf}"><input type="hidden" name="action" value="${action}">${extra}<button data-testid="act-${action}">${label}</button></form>`;
  const note = (ph: string) => html`<input name="note" placeholder="${ph}" maxlength="300">`;
  return html`<div class="actions">
    ${form('accept', '接单')}
    ${may('assign') ? form('assign', '派单', html`<select name="assignee">${d.roster.map((s) => html`<option value="${s.contactId}">${s.name}（${roleName(s.role)}）</option>`)}</select>`) : html`<p class="muted">派单需要客服、主管或经理权限</p>`}
    ${form('progress', '记录进展', note('进展说明（会转告住户）'))}
    ${form('resolve', '完成', note('完成说明（可不填）'))}
    ${may('reopen') ? form('reopen', '重开', note('重开原因')) : ''}
    ${form('hold', '挂起', note('挂起原因'))}
    ${form('resume', '恢复')}
    ${may('merge') ? form('merge', '合并', html`<input name="other" type="number" min="1" placeholder="并入的工单号" required>`) : ''}
  </div>`;
}

export function detailView(d: DetailData): Html {
  const { t, tz, now } = d;
  const resolvedAt = t.resolvedAt?.getTime() ?? Infinity;
  const before = d.media.filter((m) => m.sentAt.getTime() <= resolvedAt && m.role !== 'after');
  const after = d.media.filter((m) => !before.includes(m));
  const sla = t.boardDueAt ? html`<span class="sla ${t.boardDueAt < now ? 'late' : ''}" data-due="${t.boardDueAt.toISOString()}">${t.status === 'open' ? '响应' : '解决'} <span class="left">${countdown(t.boardDueAt, now)}</span></span>` : html`<span class="muted">无计时</span>`;
  return html`<div id="board" data-now="${now.toISOString()}"></div>
  <h1>工单 #${t.id} ${t.urgent ? html`<b class="urgent">紧急</b>` : ''} <small>${statusName(t.status)}</small></h1>
  ${d.flash ? html`<p class="flash ${d.flash.ok ? 'ok' : 'err'}" data-testid="flash">${d.flash.text}</p>` : ''}
  <dl class="facts">
    <dt>内容</dt><dd>${t.summary}</dd>
    <dt>类型</dt><dd>${intentName(t.intent)} · ${categoryName(t.category)}</dd>
    <dt>位置</dt><dd>${[t.community, t.building, t.location].filter(Boolean).join(' ') || '待确认'}</dd>
    <dt>报告人</dt><dd>${d.reporters.map((r) => html`<span class="reporter">${r.name}${r.rating ? html`（评${r.rating}分）` : ''}</span> `)}</dd>
    <dt>负责人</dt><dd>${d.assignee?.name ?? '未接单'}</dd>
    <dt>时限</dt><dd>${sla} · 响应截止 ${shortDateTime(t.respondDueAt, tz)} · 解决截止 ${shortDateTime(t.resolveDueAt, tz)}</dd>
    <dt>评价</dt><dd>${t.rating ? `${t.rating} 分` : '—'}</dd>
    <dt>登记</dt><dd>${shortDateTime(t.createdAt, tz)}${t.acceptedAt ? ` · 接单 ${shortDateTime(t.acceptedAt, tz)}` : ''}${t.resolvedAt ? ` · 完成 ${shortDateTime(t.resolvedAt, tz)}` : ''}</dd>
  </dl>
  ${actions(d)}
  ${d.media.length ? html`<section class="media"><h2>图片 / 语音 / 文件</h2>
    <div class="split"><div><h3>处理前</h3>${before.map((m) => mediaItem(t.id, m, tz))}</div>
    <div><h3>处理后</h3>${after.length ? after.map((m) => mediaItem(t.id, m, tz)) : html`<p class="muted">暂无</p>`}</div></div></section>` : ''}
  <section><h2>完整记录</h2><ol class="record">${d.record.map((e) => entry(e, tz))}</ol></section>`;
}
