import { categoryName, intentName, statusName } from '../../domain/tickets/lifecycle.js';
import { localDate, localTime } from '../../domain/time.js';
import { html, type Html } from '../html.js';
import { filterQuery, type BoardFilter, type BoardPage, type BoardRow } from './query.js';

/** "剩 12分" / "超时 1小时5分": what the board shows before its script takes over the countdown. */
export function countdown(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const m = Math.floor(Math.abs(ms) / 60_000);
  const words = m >= 1440 ? `${Math.floor(m / 1440)}天${Math.floor((m % 1440) / 60)}小时` : m >= 60 ? `${Math.floor(m / 60)}小时${m % 60}分` : `${m}分`;
  return ms < 0 ? `超时 ${words}` : `剩 ${words}`;
}

function slaCell(r: BoardRow, now: Date): Html {
  if (!r.boardDueAt) return html`<td class="sla none">—</td>`;
  const clock = r.status === 'open' ? '响应' : '解决';
  const late = r.boardDueAt.getTime() < now.getTime();
  return html`<td class="sla ${late ? 'late' : ''}" data-due="${r.boardDueAt.toISOString()}"><small>${clock}</small> <span class="left">${countdown(r.boardDueAt, now)}</span></td>`;
}

function row(r: BoardRow, now: Date, tz: string): Html {
  const late = r.boardDueAt && r.boardDueAt.getTime() < now.getTime();
  return html`<tr class="${late ? 'breached' : ''} s-${r.status}" data-ticket="${r.id}">
    <td><a href="/tickets/${r.id}">#${r.id}</a>${r.urgent ? html` <b class="urgent">紧急</b>` : ''}</td>
    <td>${statusName(r.status)}</td>
    ${slaCell(r, now)}
    <td class="summary"><a href="/tickets/${r.id}">${r.summary}</a></td>
    <td>${intentName(r.intent)} · ${categoryName(r.category)}</td>
    <td>${[r.community, r.building].filter(Boolean).join(' ')}${r.location ? html`<br><small>${r.location}</small>` : ''}</td>
    <td>${r.reporterName}${r.reporterCount > 1 ? html` <small>等${r.reporterCount}人</small>` : ''}</td>
    <td>${r.assigneeName ?? html`<span class="muted">未接单</span>`}</td>
    <td><small>${localDate(r.createdAt, tz).slice(5)} ${localTime(r.createdAt, tz)}</small></td>
  </tr>`;
}

/** The table and its pager: also what the live update swaps in. */
export function boardTable(p: BoardPage, f: BoardFilter, now: Date, tz: string): Html {
  const q = filterQuery(f);
  return html`<div id="board" data-now="${now.toISOString()}" hx-get="/board/table${q ? `?${q}` : ''}" hx-trigger="ticket-changed from:body" hx-swap="outerHTML">
    <p class="count">共 <b data-testid="board-total">${p.total}</b> 张工单 · 第 ${p.page}/${p.pages} 页</p>
    <table class="board"><thead><tr><th>编号</th><th>状态</th><th>时限</th><th>内容</th><th>类型</th><th>位置</th><th>报告人</th><th>负责人</th><th>时间</th></tr></thead>
    <tbody>${p.rows.length ? p.rows.map((r) => row(r, now, tz)) : html`<tr><td colspan="9" class="muted">没有符合条件的工单</td></tr>`}</tbody></table>
    <p class="pager">${p.page > 1 ? html`<a href="/?${filterQuery(f, p.page - 1)}">上一页</a>` : ''}
      ${p.page < p.pages ? html`<a href="/?${filterQuery(f, p.page + 1)}" rel="next">下一页</a>` : ''}</p>
  </div>`;
}

const STATUS_CHOICES: [string, string][] = [['', '全部状态'], ['active', '未完成'], ['open', '待接单'], ['accepted', '处理中'], ['paused', '挂起中'], ['resolved', '已完成待评价'], ['closed', '已关闭']];

export function filterForm(f: BoardFilter, choices: { places: { community: string | null; building: string | null }[]; categories: string[]; people: { id: string; name: string }[] }): Html {
  const opt = (value: string, label: string, current: string | undefined) => html`<option value="${value}" ${(current ?? '') === value ? 'selected' : ''}>${label}</option>`;
  const communities = [...new Set(choices.places.map((p) => p.community).filter((c): c is string => !!c))];
  const buildings = [...new Set(choices.places.map((p) => p.building).filter((b): b is string => !!b))];
  return html`<form method="get" action="/" class="filters">
    <select name="status">${STATUS_CHOICES.map(([v, l]) => opt(v, l, f.status))}</select>
    <select name="community">${opt('', '全部小区', f.community)}${communities.map((c) => opt(c, c, f.community))}</select>
    <select name="building">${opt('', '全部楼栋', f.building)}${buildings.map((b) => opt(b, b, f.building))}</select>
    <select name="category">${opt('', '全部类别', f.category)}${choices.categories.map((c) => opt(c, categoryName(c), f.category))}</select>
    <select name="intent">${opt('', '报修/投诉/咨询', f.intent)}${['repair', 'complaint', 'inquiry'].map((i) => opt(i, intentName(i), f.intent))}</select>
    <select name="assignee">${opt('', '全部负责人', f.assignee)}${opt('none', '未接单', f.assignee)}${choices.people.map((p) => opt(p.id, p.name, f.assignee))}</select>
    <label><input type="checkbox" name="urgent" value="1" ${f.urgent ? 'checked' : ''}>紧急</label>
    <label><input type="checkbox" name="overdue" value="1" ${f.overdue ? 'checked' : ''}>已超时</label>
    <label>从 <input type="date" name="from" value="${f.from ?? ''}"></label>
    <label>到 <input type="date" name="to" value="${f.to ?? ''}"></label>
    <button>筛选</button> <a href="/">清除</a>
  </form>`;
}
