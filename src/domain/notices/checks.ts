import type { Ctx } from '../context.js';
import { roomsInScope, type Scope } from '../schedules/targets.js';

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

/**
 * What staff should look at before a notice goes out, one line each; none means it goes ahead.
 * A broadcast that reaches more than one community always lists its groups first.
 */
export async function noticeConcerns(ctx: Ctx, plan: NoticePlan): Promise<string[]> {
  const concerns: string[] = [];
  const targets = await roomsInScope(ctx.tx, plan.scope);
  const communities = new Set(targets.map((r) => r.community ?? '未对应小区'));
  if (communities.size > 1) {
    const listed = targets.slice(0, LISTED_GROUPS).map((r) => `· ${r.topic || r.id}（${r.community ?? '未对应小区'}${r.building ? ` ${r.building}` : ''}）`);
    const more = targets.length > LISTED_GROUPS ? `\n…另有 ${targets.length - LISTED_GROUPS} 个群` : '';
    concerns.push(`将发往 ${communities.size} 个小区的 ${targets.length} 个业主群：\n${listed.join('\n')}${more}`);
  }
  return concerns;
}
