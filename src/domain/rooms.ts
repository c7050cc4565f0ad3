import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { contacts, rooms } from '../db/schema.js';

export interface RoomMapping { community: string | null; building: string | null }

const BUILDING = /(\d+|[A-Za-z一二三四五六七八九十]+)\s*(栋|棟|号楼|號樓|幢|座|期|区|區)/;

/** "阳光花园3栋业主群" → 阳光花园 / 3栋; "翠湖苑B座住户群" → 翠湖苑 / B座. A guess until a manager confirms. */
export function guessMapping(topic: string): RoomMapping {
  const clean = topic.replace(/[【】\[\]()（）]/g, ' ').trim();
  const m = BUILDING.exec(clean);
  if (!m) {
    const community = clean.replace(/(业主|業主|住户|住戶|邻里|鄰里)?(群|交流群|微信群)$/, '').trim();
    return { community: community || null, building: null };
  }
  const community = clean.slice(0, m.index).replace(/[\s·-]+$/, '').trim();
  return { community: community || null, building: `${m[1]}${m[2]}` };
}

/** Records a group the first time it is seen (keyed by id); a topic change keeps the mapping. */
export async function ensureRoom(tx: Tx, roomId: string, topic: string | null, now: Date): Promise<void> {
  await ensureRooms(tx, new Map([[roomId, topic]]), now);
}

export async function ensureRooms(tx: Tx, topics: Map<string, string | null>, now: Date): Promise<void> {
  if (!topics.size) return;
  await tx.insert(rooms).values([...topics].map(([id, topic]) => {
    const guess = guessMapping(topic ?? '');
    return { id, topic: topic ?? '', community: guess.community, building: guess.building, createdAt: now, updatedAt: now };
  })).onConflictDoUpdate({
    target: rooms.id,
    set: { topic: sql`coalesce(nullif(excluded.topic, ''), ${rooms.topic})`, active: true, updatedAt: now },
  });
}

export async function markRoomLeft(tx: Tx, roomId: string, now: Date): Promise<void> {
  await tx.update(rooms).set({ active: false, updatedAt: now }).where(eq(rooms.id, roomId));
}

/** Remembers the name each sender last used (for staff messages; never used to authorise). */
export async function rememberContacts(tx: Tx, names: Map<string, string>, now: Date): Promise<void> {
  if (!names.size) return;
  await tx.insert(contacts).values([...names].map(([id, name]) => ({ id, name, updatedAt: now })))
    .onConflictDoUpdate({ target: contacts.id, set: { name: sql`excluded.name`, updatedAt: now } });
}
