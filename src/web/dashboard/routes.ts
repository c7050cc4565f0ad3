import type { FastifyInstance } from 'fastify';
import { dashboardCharts } from '../../domain/reports/charts.js';
import { dashboardFigures, dayRange, figureRange, figureTables, tableCsv, type FigureRange, type FigureTable, type RangePreset } from '../../domain/reports/figures.js';
import { html, raw, type Html } from '../html.js';
import { sendPage, type WebDeps } from '../server.js';

const PRESETS: [RangePreset, string][] = [['today', '今天'], ['week', '本周'], ['month', '本月']];

function table(t: FigureTable, q: string): Html {
  return html`<section class="figtable" data-table="${t.name}"><h2>${t.title} <a class="csv" href="/dashboard/${t.name}.csv?${q}">下载 CSV</a></h2>
    <table><thead><tr>${t.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
    <tbody>${t.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody></table></section>`;
}

/** The figures of the same range as `统计` (one place computes them: domain/reports/figures.ts). */
export async function dashboardRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config, clock } = deps;

  const rangeOf = (q: Record<string, string>): { range: FigureRange; query: string } | { error: string } => {
    const now = clock.now();
    if (q.from && q.to) {
      const r = dayRange(q.from, q.to, config.timezone);
      return r.ok ? { range: r.range, query: new URLSearchParams({ from: q.from, to: q.to }).toString() } : { error: r.error };
    }
    const preset = PRESETS.find(([p]) => p === q.range)?.[0] ?? 'today';
    return { range: figureRange(preset, now, config.timezone), query: `range=${preset}` };
  };

  app.get<{ Querystring: Record<string, string> }>('/dashboard', async (req, reply) => {
    const r = rangeOf(req.query);
    const picker = html`<form method="get" action="/dashboard" class="filters">
      ${PRESETS.map(([p, label]) => html`<a href="/dashboard?range=${p}" class="${req.query.range === p || (!req.query.range && !req.query.from && p === 'today') ? 'on' : ''}">${label}</a>`)}
      <label>从 <input type="date" name="from" value="${req.query.from ?? ''}"></label><label>到 <input type="date" name="to" value="${req.query.to ?? ''}"></label><button>自定义</button></form>`;
    if ('error' in r) return sendPage(req, reply.code(400), '统计', html`<h1>统计</h1>${picker}<p class="flash err">${r.error}</p>`, '/dashboard');
    const f = await dashboardFigures(db, config, r.range, clock.now());
    const charts = await dashboardCharts(f, { width: 760 });
    return sendPage(req, reply, '统计', html`<h1>统计 <small>${f.range.label}</small></h1>${picker}
      ${f.satisfaction.belowTarget ? html`<p class="flash err">满意率低于70%，需要复盘。</p>` : ''}
      <div class="charts">${charts.map((c) => html`<figure class="chart" data-chart="${c.name}">${raw(c.svg.replace(/^<\?xml[^>]*>/, ''))}</figure>`)}</div>
      ${figureTables(f).map((t) => table(t, r.query))}`, '/dashboard');
  });

  app.get<{ Params: { name: string }; Querystring: Record<string, string> }>('/dashboard/:name.csv', async (req, reply) => {
    const r = rangeOf(req.query);
    if ('error' in r) return reply.code(400).send(r.error);
    const f = await dashboardFigures(db, config, r.range, clock.now());
    const t = figureTables(f).find((x) => x.name === req.params.name);
    if (!t) return reply.code(404).send('no such table');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${t.name}.csv"`).send(tableCsv(t));
  });
}
