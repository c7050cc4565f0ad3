import { and, asc, eq, gte, inArray, lte, max } from 'drizzle-orm';
import { outbox, scheduleRuns, schedules } from '../../db/schema.js';
import type { Ctx } from '../context.js';
import { parseCron, nextSlot } from '../schedules/cron.js';
import { broadcastNotBefore } from '../schedules/broadcast.js';
import { firstOpenSlot, releaseAt } from '../schedules/engine.js';
import { buildingGroups, inScope, type Scope } from '../schedules/targets.js';
import { describeInstant } from '../time.js';
import { scopeOf } from './fire.js';

/** A notice as staff asked for it: what is checked, held for 确认, and carried out. */
export interface NoticePlan {
  mode: 'now' | 'urgent' | 'schedule';
  scope: Scope;
  text: string;
  /** for a scheduled notice; `at` as an ISO string, so the plan can wait in the database */
  when?: { kind: 'once'; at: string; label: string } | { kind: 'repeat'; cron: string; label: string };
}

/** Groups listed in a confirmation at most; the rest are counted. */
const LISTED_GROUPS = 30;
/** Notices to the same groups closer together than this flood them (or are one notice sent twice). */
const CROWD_WINDOW_MS = 10 * 60_000;
const LISTED_NEIGHBOURS = 5;

/**
 * What staff should look at before a notice goes out, one paragraph each; none means it goes
 * ahead. A broadcast that reaches more than one community always lists its groups first; a very
 * long notice, and one within ten minutes of another notice to the same groups, are held too.
 */
export async function noticeConcerns(ctx: Ctx, plan: NoticePlan): Promise<string[]> {
  const concerns: string[] = [];
  const groups = await buildingGroups(ctx.tx);
  const targets = groups.filter((r) => inScope(r, plan.scope));
  const communities = new Set(targets.map((r) => r.community ?? '未对应小区'));
  if (communities.size > 1) {
    const listed = targets.slice(0, LISTED_GROUPS).map((r) => `· ${r.topic || r.id}（${r.community ?? '未对应小区'}${r.building ? ` ${r.building}` : ''}）`);
    const more = targets.length > LISTED_GROUPS ? `\n…另有 ${targets.length - LISTED_GROUPS} 个群` : '';
    concerns.push(`将发往 ${communities.size} 个小区的 ${targets.length} 个业主群：\n${listed.join('\n')}${more}`);
  }
  const length = Array.from(plan.text).length;
  const limit = ctx.svc.config.noticeConfirmChars;
  if (length > limit) {
    concerns.push(`这条通知有 ${length} 字，超过 ${limit} 字，在群里会刷满几屏，请核对内容（也可以精简后重新发）。`);
  }
  const release = releaseOf(ctx, plan);
  if (release && targets.length) {
    const near = await noticesNear(ctx, release, new Set(targets.map((r) => r.id)), groups);
    if (near.length) {
      const listed = near.slice(0, LISTED_NEIGHBOURS).map((n) => `· ${n}`).join('\n');
      concerns.push(`前后10分钟内已有 ${near.length} 条通知发往这些群：\n${listed}${near.length > LISTED_NEIGHBOURS ? '\n…' : ''}\n同一时间发太多会刷屏，也可能是重复发送，请核对。`);
    }
  }
  return concerns;
}

/** When a notice would reach the groups: at once, at the end of quiet hours, or at its (first) slot. */
function releaseOf(ctx: Ctx, plan: NoticePlan): Date | null {
  if (plan.mode === 'urgent') return ctx.now;
  if (plan.mode === 'now') return broadcastNotBefore(ctx.svc, ctx.now);
  const w = plan.when!;
  const slot = w.kind === 'once' ? new Date(w.at) : nextSlot(parseCron(w.cron), ctx.now, ctx.svc.config.timezone);
  return slot ? releaseAt(ctx.svc, slot) : null;
}

const excerpt = (text: string) => {
  const t = text.replace(/^【物业通知】/, '');
  return t.length > 20 ? `${t.slice(0, 20)}…` : t;
};

/** Other notices that reach any of `targetIds` within the window around `release`, one line each. */
async function noticesNear(ctx: Ctx, release: Date, targetIds: Set<string>, groups: Awaited<ReturnType<typeof buildingGroups>>): Promise<string[]> {
  const tz = ctx.svc.config.timezone;
  const from = new Date(release.getTime() - CROWD_WINDOW_MS);
  const to = new Date(release.getTime() + CROWD_WINDOW_MS);
  const found: { at: Date; line: string }[] = [];
  // notices already queued (sent now, or fired by a schedule): one per broadcast, not per group
  const queued = await ctx.tx.select({ roomId: outbox.roomId, key: outbox.dedupeKey, text: outbox.text, notBefore: outbox.notBefore }).from(outbox)
    .where(and(eq(outbox.kind, 'notice'), inArray(outbox.roomId, [...targetIds]), gte(outbox.notBefore, from), lte(outbox.notBefore, to)))
    .orderBy(asc(outbox.id));
  const seen = new Set<string>();
  for (const q of queued) {
    const stem = q.key && q.roomId && q.key.endsWith(`:${q.roomId}`) ? q.key.slice(0, -q.roomId.length - 1) : `${q.text}@${q.notBefore.getTime()}`;
    if (seen.has(stem)) continue;
    seen.add(stem);
    found.push({ at: q.notBefore, line: `${describeInstant(q.notBefore, tz, ctx.now)}｜「${excerpt(q.text)}」` });
  }
  // scheduled notices that have not fired yet
  const pending = await ctx.tx.select({ s: schedules, last: max(scheduleRuns.slot) }).from(schedules)
    .leftJoin(scheduleRuns, eq(scheduleRuns.scheduleId, schedules.id))
    .where(and(eq(schedules.kind, 'notice'), eq(schedules.active, true)))
    .groupBy(schedules.id);
  for (const { s, last } of pending) {
    const slot = firstOpenSlot(s, last ? new Date(last) : null, tz);
    if (!slot) continue;
    const at = releaseAt(ctx.svc, slot);
    if (at < from || at > to) continue;
    const scope = scopeOf(s.scope);
    if (!groups.some((r) => targetIds.has(r.id) && inScope(r, scope))) continue;
    found.push({ at, line: `编号 ${s.id}｜${describeInstant(at, tz, ctx.now)}｜「${excerpt(String(s.payload.text ?? ''))}」` });
  }
  return found.sort((a, b) => a.at.getTime() - b.at.getTime()).map((f) => f.line);
}
