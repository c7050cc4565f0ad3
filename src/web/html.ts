/**
 * Server-rendered HTML. Every interpolated value is escaped unless it is already `Html` (made by
 * `html` itself or `raw` for markup we wrote, such as ECharts' SVG).
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function part(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => { out += part(v) + strings[i + 1]!; });
  return new Html(out);
}

/** Markup we produced ourselves (never user text). */
export const raw = (s: string) => new Html(s);

export interface Viewer { name: string; role: string; roleName: string }

const NAV: [string, string][] = [
  ['/', '工单'], ['/dashboard', '统计'], ['/notices', '通知'], ['/fees', '收费'], ['/groups', '群与员工'], ['/bot', '机器人'],
];

/** The page around every signed-in view: navigation, who is signed in, sign-out, the CSRF token for htmx. */
export function layout(opts: { title: string; viewer: Viewer | null; csrf: string | null; path?: string }, body: Html): string {
  const nav = opts.viewer ? html`<nav class="top">
    <strong class="brand">邻里 控制台</strong>
    ${NAV.map(([href, label]) => html`<a href="${href}" class="${opts.path === href ? 'on' : ''}">${label}</a>`)}
    <span class="who">${opts.viewer.name}（${opts.viewer.roleName}）</span>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${opts.csrf}"><button>退出</button></form>
  </nav>` : '';
  return `<!doctype html>${html`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · 邻里</title>
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/htmx.min.js" defer></script>
<script src="/assets/console.js" defer></script>
</head><body${raw(opts.csrf ? ` hx-headers='${esc(JSON.stringify({ 'x-csrf-token': opts.csrf }))}' data-csrf="${esc(opts.csrf)}"` : '')}>
${nav}
<main>${body}</main>
</body></html>`.value}`;
}
