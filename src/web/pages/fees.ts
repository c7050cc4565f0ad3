import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bills, units } from '../../db/schema.js';
import { arrearsList } from '../../domain/fees/arrears.js';
import { LEDGER_ROLES } from '../../domain/fees/commands.js';
import { ImportError, parseImport, writeImport, type RowProblem } from '../../domain/fees/import.js';
import { unitLabel, yuan } from '../../domain/fees/ledger.js';
import type { Role } from '../../domain/types.js';
import { html, type Html } from '../html.js';
import { sendPage, type WebDeps } from '../server.js';

type Notice = { ok: boolean; text: string; problems?: RowProblem[] };

/**
 * Fees: the ledger by building and unit, the arrears list (households held back from private
 * reminders, and why), mark paid, and the billing system's CSV with the same all-or-nothing
 * checks and line-numbered errors as `npm run import`.
 */
export async function feesPage(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config, clock } = deps;
  const mayEdit = (req: FastifyRequest) => LEDGER_ROLES.includes(req.staff!.role as Role);

  const show = async (req: FastifyRequest, reply: FastifyReply, notice: Notice | null, code = 200) => {
    const q = req.query as Record<string, string>;
    const building = q.building?.trim() || null;
    const community = q.community?.trim() || null;
    const now = clock.now();
    const [arrears, ledger] = await Promise.all([
      arrearsList(db, config, now, { community, building }),
      db.select({ u: units, b: bills }).from(bills).innerJoin(units, eq(units.id, bills.unitId))
        .where(and(community ? eq(units.community, community) : undefined, building ? eq(units.building, building) : undefined))
        .orderBy(asc(units.community), asc(units.building), asc(units.unit), asc(bills.dueDate)).limit(500),
    ]);
    const csrf = req.csrf!;
    const edit = mayEdit(req);
    const body: Html = html`<h1>收费</h1>
      ${notice ? html`<div class="flash ${notice.ok ? 'ok' : 'err'}" data-testid="fees-notice"><p>${notice.text}</p>
        ${notice.problems?.length ? html`<ul class="problems">${notice.problems.map((p) => html`<li>第 ${p.line} 行：${p.reason}</li>`)}</ul>` : ''}</div>` : ''}
      <form method="get" action="/fees" class="filters"><input name="community" placeholder="小区" value="${community ?? ''}"><input name="building" placeholder="楼栋，如 3栋" value="${building ?? ''}"><button>筛选</button></form>
      <section><h2>欠费（${arrears.length} 户）</h2>
      ${arrears.length ? html`<table data-testid="arrears"><thead><tr><th>房号</th><th>账期</th><th>金额（元）</th><th>最早到期</th><th>提醒</th></tr></thead><tbody>
        ${arrears.map((a) => html`<tr class="${a.holdReason ? 'held' : ''}"><td>${a.label}</td><td>${a.periods.join('、')}</td><td>${a.amount}</td><td>${a.earliestDue}${a.overdue ? html` <b class="late">已逾期</b>` : ''}</td>
          <td>${a.holdReason ? html`<b>暂缓私信提醒</b>：${a.holdReason}` : a.residents ? `私信提醒 ${a.residents} 位住户` : '没有绑定的住户'}</td></tr>`)}
      </tbody></table>` : html`<p class="muted">没有欠费。</p>`}</section>
      <section><h2>台账</h2><table><thead><tr><th>房号</th><th>账期</th><th>金额（元）</th><th>到期日</th><th>状态</th></tr></thead><tbody>
        ${ledger.map(({ u, b }) => html`<tr><td>${unitLabel(u)}</td><td>${b.period}</td><td>${yuan(b.amountCents)}</td><td>${b.dueDate}</td>
          <td>${b.paidAt ? '已缴' : edit ? html`<form method="post" action="/fees/paid" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="bill" value="${b.id}"><button>登记已缴</button></form>` : '未缴'}</td></tr>`)}
      </tbody></table></section>
      ${edit ? html`<section><h2>导入账单或住户（CSV）</h2>
        <p class="muted">与 npm run import 相同的检查：有任何一行不对，整份文件都不导入，并列出行号。</p>
        <form method="post" action="/fees/import" id="import-form"><input type="hidden" name="_csrf" value="${csrf}">
          <input type="file" accept=".csv,text/csv" id="csv-file"><br>
          <textarea name="csv" id="csv-text" rows="8" cols="80" placeholder="或把 CSV 内容粘贴在这里"></textarea><br>
          <button data-testid="import">导入</button></form></section>` : ''}`;
    return sendPage(req, reply.code(code), '收费', body, '/fees');
  };

  app.get('/fees', (req, reply) => show(req, reply, null));

  app.post<{ Body: Record<string, string> }>('/fees/paid', async (req, reply) => {
    if (!mayEdit(req)) return show(req, reply, { ok: false, text: '登记缴费需要客服、主管或经理权限。' }, 403);
    const id = Number(req.body.bill);
    const [b] = Number.isInteger(id) ? await db.update(bills).set({ paidAt: clock.now() }).where(and(eq(bills.id, id), isNull(bills.paidAt))).returning() : [];
    if (!b) return show(req, reply, { ok: false, text: '没有这笔待缴账单（可能已登记过）。' }, 409);
    const [u] = await db.select().from(units).where(eq(units.id, b.unitId));
    return show(req, reply, { ok: true, text: `已登记：${u ? unitLabel(u) : ''} ${b.period} 期 ${yuan(b.amountCents)} 元已缴，不再提醒。` });
  });

  app.post<{ Body: Record<string, string> }>('/fees/import', async (req, reply) => {
    if (!mayEdit(req)) return show(req, reply, { ok: false, text: '导入需要客服、主管或经理权限。' }, 403);
    const source = String(req.body.csv ?? '');
    if (!source.trim()) return show(req, reply, { ok: false, text: '没有收到文件内容。' }, 400);
    try {
      const parsed = parseImport(source);
      if (parsed.problems.length) {
        return show(req, reply, { ok: false, text: `有 ${parsed.problems.length} 行不对，整份文件没有导入任何内容。请改正后重新导入：`, problems: parsed.problems }, 400);
      }
      const r = await writeImport(db, parsed, config.timezone, clock.now());
      return show(req, reply, { ok: true, text: `已导入 ${r.rows} 行${r.kind === 'bills' ? '账单' : '住户绑定'}，涉及 ${r.units} 户。` });
    } catch (e) {
      if (e instanceof ImportError) return show(req, reply, { ok: false, text: `文件无法读取，没有导入任何内容：${e.message}` }, 400);
      throw e;
    }
  });
}
