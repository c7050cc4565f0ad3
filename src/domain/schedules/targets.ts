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
 * A bare building that several communities have is ambiguous: it means the building of
 * `ownCommunity` (the community of the group the command was given in) when that has one,
 * otherwise the sender is asked which. Returns an explanation instead when nothing matches.
 */
export async function parseScope(tx: Tx, token: string, ownCommunity: string | null = null): Promise<{ ok: true; scope: Scope } | { ok: false; error: string }> {
  const t = token.replace(/\s+/g, '');
  if (ALL_WORDS.has(t)) return { ok: true, scope: ALL };
  const groups = await buildingGroups(tx);
  if (groups.some((r) => r.community === t)) return { ok: true, scope: { community: t, building: null } };
  const full = groups.find((r) => r.community && r.building && `${r.community}${r.building}` === t);
  if (full) return { ok: true, scope: { community: full.community, building: full.building } };
  const withBuilding = groups.filter((r) => r.building === t);
  if (withBuilding.length) {
    const communities = [...new Set(withBuilding.map((r) => r.community))];
    if (communities.length === 1) return { ok: true, scope: { community: communities[0]!, building: t } };
    if (ownCommunity && communities.includes(ownCommunity)) return { ok: true, scope: { community: ownCommunity, building: t } };
    const named = communities.filter((c): c is string => !!c);
    return {
      ok: false,
      error: `「${t}」在 ${named.join('、')}${named.length < communities.length ? ' 和未对应小区的群' : ''} 都有，请写明是哪个小区的，例如「${named.map((c) => `${c}${t}`).slice(0, 2).join('」或「')}」。没有发出任何通知。`,
    };
  }
  const communities = [...new Set(groups.map((r) => r.community).filter((c): c is string => !!c))];
  return {
    ok: false,
    error: `没有找到「${token}」对应的业主群。范围可以写：全部${communities.length ? `、小区名（${communities.slice(0, 5).join('、')}）` : ''}、小区+楼栋（如 阳光花园3栋）或楼栋（如 3栋）。`,
  };
}
