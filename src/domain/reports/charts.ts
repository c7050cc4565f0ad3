/**
 * The dashboard's charts, drawn by ECharts on the server as SVG with Chinese labels: the same
 * SVG goes into the console's page and into the monthly report. ECharts is loaded on first use,
 * so a process that never draws a chart (the bot's start-up) does not pay for it.
 */
import type { Figures } from './figures.js';
import { percent, SATISFACTION_TARGET } from './stats.js';

export interface Chart {
  /** a short file-safe key: daily, category, satisfaction, timeliness */
  name: string;
  /** 中文标题 */
  title: string;
  /** a standalone SVG document (width × height, white background) */
  svg: string;
}

export interface ChartSize { width: number; height: number }

/** Fonts that carry Chinese, in the order a Linux server, a Mac and Windows have them. */
export const CHART_FONT = 'Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif';

const BLUE = '#4285f4';
const GREEN = '#34a853';
const RED = '#db4437';
const AMBER = '#f4b400';
const GREY = '#9aa0a6';

type ECharts = typeof import('echarts/core');
let library: Promise<ECharts> | null = null;

function echarts(): Promise<ECharts> {
  library ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers'),
    ]);
    core.use([
      charts.BarChart, charts.LineChart, components.GridComponent, components.TitleComponent, components.LegendComponent,
      components.MarkLineComponent, renderers.SVGRenderer,
    ]);
    return core;
  })();
  return library;
}

/** Renders one option to an SVG string; the chart instance is always disposed. */
async function render(option: Record<string, unknown>, size: ChartSize): Promise<string> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const titleOf = (text: string, subtext?: string) => ({
  text, subtext, left: 'center', top: 8,
  textStyle: { fontFamily: CHART_FONT, fontSize: 16 }, subtextStyle: { fontFamily: CHART_FONT, color: RED },
});

/** "11/2" for a date on the axis. */
function dayLabel(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/** Tickets per day (bars) and the day's satisfaction (line, right axis) against the 70% target. */
export function dailyOption(f: Figures): Record<string, unknown> {
  const days = f.perDay;
  return {
    title: titleOf(`每日工单量与满意度（${f.range.label}）`),
    legend: { top: 36, data: ['工单数', '满意度'], textStyle: { fontFamily: CHART_FONT } },
    grid: { left: 56, right: 64, top: 72, bottom: 48 },
    xAxis: { type: 'category', name: '日期', nameLocation: 'middle', nameGap: 28, data: days.map((d) => dayLabel(d.date)) },
    yAxis: [
      { type: 'value', name: '工单数', minInterval: 1 },
      { type: 'value', name: '满意度', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: '工单数', type: 'bar', data: days.map((d) => d.tickets), itemStyle: { color: BLUE } },
      {
        name: '满意度', type: 'line', yAxisIndex: 1, connectNulls: false, showSymbol: true, symbolSize: 8, itemStyle: { color: GREEN },
        data: days.map((d) => (d.ratings ? Math.round((100 * d.satisfied) / d.ratings) : null)),
        markLine: {
          symbol: 'none', lineStyle: { color: RED, type: 'dashed' },
          label: { formatter: `目标 ${percent(SATISFACTION_TARGET)}`, fontFamily: CHART_FONT },
          data: [{ yAxis: SATISFACTION_TARGET * 100 }],
        },
      },
    ],
  };
}

/** Tickets per category, most first. */
export function categoryOption(f: Figures): Record<string, unknown> {
  const rows = [...f.categories].reverse();
  return {
    title: titleOf(`各类别工单量（${f.range.label}）`),
    grid: { left: 96, right: 40, top: 56, bottom: 48 },
    xAxis: { type: 'value', name: '工单数', nameLocation: 'middle', nameGap: 26, minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((c) => c.name) },
    series: [{ name: '工单数', type: 'bar', data: rows.map((c) => c.tickets), itemStyle: { color: BLUE }, label: { show: true, position: 'right' } }],
  };
}

/** How many ratings gave 1 to 5 stars; the title carries the share of 4–5 and the flag. */
export function satisfactionOption(f: Figures): Record<string, unknown> {
  const s = f.satisfaction;
  const colors = [RED, RED, AMBER, GREEN, GREEN];
  return {
    title: titleOf(
      `满意度 ${percent(s.share)}（${s.satisfied}/${s.ratings} 个4-5分，目标 ${percent(SATISFACTION_TARGET)}）`,
      s.belowTarget ? `低于${percent(SATISFACTION_TARGET)}，需要内部复盘` : undefined,
    ),
    grid: { left: 56, right: 40, top: s.belowTarget ? 72 : 56, bottom: 40 },
    xAxis: { type: 'category', data: ['1分', '2分', '3分', '4分', '5分'] },
    yAxis: { type: 'value', name: '评价数', minInterval: 1 },
    series: [{
      name: '评价数', type: 'bar', label: { show: true, position: 'top' },
      data: f.ratingCounts.map((n, i) => ({ value: n, itemStyle: { color: colors[i] } })),
    }],
  };
}

/** Share of first responses and resolutions within target, overall and per category. */
export function timelinessOption(f: Figures): Record<string, unknown> {
  const rows = [
    { name: '全部', respond: f.respondedInTime.share, resolve: f.resolvedInTime.share },
    ...f.categories.map((c) => ({ name: c.name, respond: c.respondedInTime.share, resolve: c.resolvedInTime.share })),
  ].reverse();
  const pct = (x: number | null) => (x === null ? null : Math.round(x * 100));
  return {
    title: titleOf(`按时响应与按时解决（${f.range.label}）`),
    legend: { top: 36, data: ['按时响应', '按时解决'], textStyle: { fontFamily: CHART_FONT } },
    grid: { left: 96, right: 48, top: 72, bottom: 32 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => r.name) },
    series: [
      { name: '按时响应', type: 'bar', data: rows.map((r) => pct(r.respond)), itemStyle: { color: BLUE }, label: { show: true, position: 'right', formatter: '{c}%' } },
      { name: '按时解决', type: 'bar', data: rows.map((r) => pct(r.resolve)), itemStyle: { color: GREEN }, label: { show: true, position: 'right', formatter: '{c}%' } },
    ],
  };
}

const CHARTS: { name: string; title: string; option: (f: Figures) => Record<string, unknown>; height: (f: Figures) => number }[] = [
  { name: 'daily', title: '每日工单量与满意度', option: dailyOption, height: () => 360 },
  { name: 'category', title: '各类别工单量', option: categoryOption, height: (f) => Math.max(240, 96 + 28 * f.categories.length) },
  { name: 'satisfaction', title: '满意度', option: satisfactionOption, height: () => 320 },
  { name: 'timeliness', title: '按时响应与按时解决', option: timelinessOption, height: (f) => Math.max(260, 112 + 40 * (f.categories.length + 1)) },
];

/**
 * The dashboard's charts for these figures, as SVG: tickets per day with satisfaction, tickets by
 * category, satisfaction (ratings 1–5 against the 70% target), and the share within target.
 * `width` defaults to 800; heights follow the number of rows.
 */
export async function dashboardCharts(f: Figures, opts: { width?: number } = {}): Promise<Chart[]> {
  const width = opts.width ?? 800;
  const out: Chart[] = [];
  for (const c of CHARTS) out.push({ name: c.name, title: c.title, svg: await render(c.option(f), { width, height: c.height(f) }) });
  return out;
}
