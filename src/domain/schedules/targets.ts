import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { rooms } from '../../db/schema.js';

/** Which building groups a broadcast goes to: everything, one community, or one building. */
export interface Scope {
  community: string | null;
  building: string | null;
}

export const ALL: Scope = { community: null, building: null };

export type RoomRow = typeof rooms.$inferSelect;

export async function buildingGroups(tx: Tx): Promise<RoomRow[]> {
  const rows = await tx.select().from(rooms).where(and(eq(rooms.isStaffRoom, false), eq(rooms.active, true))).orderBy(rooms.id);
  return rows;
}


export function inScope(room: RoomRow, scope: Scope): boolean {
  return (!scope.community || room.community === scope.community) && (!scope.building || room.building === scope.building);
}

/** The active building groups a scope reaches right now, by room id. */
export async function roomsInScope(tx: Tx, scope: Scope): Promise<RoomRow[]> {
  return (await buildingGroups(tx)).filter((r) => inScope(r, scope));
}

export function describeScope(scope: Scope): string {
  if (!scope.community && !scope.building) return '全部业主群';
  return `${scope.community ?? ''}${scope.building ?? ''}`;
}

const ALL_WORDS = new Set(['全部', '所有', '全体', '全體', '全小区', '所有群']);

/**
 * "全部" | "阳光花园" | "阳光花园3栋" | "3栋" → a scope, checked against the groups the bot is in.
 * Returns an explanation instead when nothing matches.
 */
export async function parseScope(tx: Tx, token: string): Promise<{ ok: true; scope: Scope } | { ok: false; error: string }> {
  const t = token.replace(/\s+/g, '');
  if (ALL_WORDS.has(t)) return { ok: true, scope: ALL };
  const groups = await buildingGroups(tx);
  if (groups.some((r) => r.community === t)) return { ok: true, scope: { community: t, building: null } };
  const full = groups.find((r) => r.community && r.building && `${r.community}${r.building}` === t);
  if (full) return { ok: true, scope: { community: full.community, building: full.building } };
  if (groups.some((r) => r.building === t)) return { ok: true, scope: { community: null, building: t } };
  const communities = [...new Set(groups.map((r) => r.community).filter((c): c is string => !!c))];
  return {
    ok: false,
    error: `没有找到「${token}」对应的业主群。范围可以写：全部${communities.length ? `、小区名（${communities.slice(0, 5).join('、')}）` : ''}、小区+楼栋（如 阳光花园3栋）或楼栋（如 3栋）。`,
  };
}
