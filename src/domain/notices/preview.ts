/**
 * What a notice would do before it is created: which building groups it reaches and when it
 * would really go out (quiet hours hold a scheduled notice until they end). The console's create
 * form shows this; the chat commands word their confirmations with `deferral` too.
 */
import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { CronError, nextSlot, parseCron } from '../schedules/cron.js';
import { describeScope, parseScope, roomsInScope, type Scope } from '../schedules/targets.js';
import { afterQuietHours, describeInstant, inQuietHours } from '../time.js';

export interface Deferral {
  /** the moment asked for */
  at: Date;
  /** when it is really sent: `at`, or the end of quiet hours */
  sendsAt: Date;
  deferred: boolean;
  /** "该时间在免打扰时段（21:00-08:00）内，将顺延到 11月24日(周二) 08:00 发出。", or '' */
  note: string;
}

/** When a notice asked for `at` goes out; an urgent one ignores quiet hours. With `now`, a year other than now's is written. */
export function deferral(config: Pick<Config, 'quietHours' | 'timezone'>, at: Date, urgent = false, now?: Date): Deferral {
  const q = config.quietHours;
  if (urgent || !q || !inQuietHours(at, q, config.timezone)) return { at, sendsAt: at, deferred: false, note: '' };
  const sendsAt = afterQuietHours(at, q, config.timezone);
  return { at, sendsAt, deferred: true, note: `该时间在免打扰时段（${q.start}-${q.end}）内，将顺延到 ${describeInstant(sendsAt, config.timezone, now)} 发出。` };
}

export interface PreviewGroup { id: string; topic: string; community: string | null; building: string | null }

export interface NoticePreview {
  ok: true;
  scope: Scope;
  /** 全部业主群 / 阳光花园 / 阳光花园3栋 */
  scopeName: string;
  /** the active building groups in scope right now (never the staff room) */
  groups: PreviewGroup[];
  /** the first run: for a one-off notice its only one */
  first: Deferral;
  /** a repeating notice's next runs (up to `runs`), each with its own deferral; a one-off has one */
  runs: Deferral[];
  /** one Chinese line for the form: "将发往阳光花园，共 2 个业主群，11月23日(周一) 22:00 发出。…" */
  summary: string;
}

export type PreviewResult = NoticePreview | { ok: false; error: string };

/** A minute's grace, so "now" typed into a form a moment ago is still now. */
const PAST_GRACE_MS = 60_000;

/**
 * Previews a notice for the scope (`全部`, a community, `阳光花园3栋`, `3栋`, or a parsed Scope)
 * sent at `at` — or repeating on a 5-field cron expression — as seen at `now`. Never writes.
 */
export async function previewNotice(
  tx: Tx, config: Config, scope: string | Scope, at: Date | { cron: string }, now: Date,
  opts: { urgent?: boolean; runs?: number } = {},
): Promise<PreviewResult> {
  let resolved: Scope;
  if (typeof scope === 'string') {
    const parsed = await parseScope(tx, scope);
    if (!parsed.ok) return parsed;
    resolved = parsed.scope;
  } else {
    resolved = scope;
  }
  let slots: Date[];
  if (at instanceof Date) {
    if (at.getTime() < now.getTime() - PAST_GRACE_MS) return { ok: false, error: `${describeInstant(at, config.timezone)} 已经过去了，请选一个以后的时间。` };
    slots = [at < now ? now : at];
  } else {
    let spec;
    try {
      spec = parseCron(at.cron);
    } catch (e) {
      if (e instanceof CronError) return { ok: false, error: `重复时间写法不对：${e.message}` };
      throw e;
    }
    slots = [];
    let after = now;
    for (let i = 0; i < (opts.runs ?? 3); i++) {
      const next = nextSlot(spec, after, config.timezone);
      if (!next) break;
      slots.push(next);
      after = next;
    }
    if (!slots.length) return { ok: false, error: '这个重复时间以后不会再到，请换一个。' };
  }
  const runs = slots.map((s) => deferral(config, s, opts.urgent, now));
  const groups = (await roomsInScope(tx, resolved)).map((r) => ({ id: r.id, topic: r.topic, community: r.community, building: r.building }));
  const first = runs[0]!;
  const scopeName = describeScope(resolved);
  const summary = `将发往${scopeName}，共 ${groups.length} 个业主群，${describeInstant(first.at, config.timezone, now)} 发出。${first.note}`
    + (groups.length ? '' : '目前这个范围内没有业主群，发出时不会有人收到。');
  return { ok: true, scope: resolved, scopeName, groups, first, runs, summary };
}
