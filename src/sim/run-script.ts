import { eq, asc, count } from 'drizzle-orm';
import { seededRandom, VirtualClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { bindings, rooms, staff, ticketMedia, tickets, units } from '../db/schema.js';
import { splitUnitAddress } from '../domain/address.js';
import { ensureRoom } from '../domain/rooms.js';
import { isoInZone } from '../domain/time.js';
import type { Logger } from '../log.js';
import type { Classifier } from '../nlu/types.js';
import { VirtualDriver } from '../runtime/virtual.js';
import type { ScriptLine } from './script.js';
import { MockWorld } from './world.js';
import { sampleFile } from './samples.js';
import { KIND_WORDS } from '../media/kinds.js';
import { runAccountsScript } from './run-accounts.js';


export interface RunScriptOptions {
  db: Db;
  config: Config;
  classifier: Classifier;
  log: Logger;
  seed?: number;
  /** receives each output line (JSON) */
  out: (line: string) => void;
}

const FINAL_FLUSH_MS = 10 * 60_000;

export function placeholderOf(mediaType: string): string {
  const kind = mediaType.startsWith('image/') ? 'image' : mediaType.startsWith('audio/') ? 'voice' : mediaType.startsWith('video/') ? 'video' : 'file';
  return `[${KIND_WORDS[kind].name}]`;
}

/** Replays a script through the real bot over the mock puppet on a virtual clock. */
export async function runScript(lines: ScriptLine[], opts: RunScriptOptions): Promise<void> {
  // several bot accounts: one world per account (src/sim/run-accounts.ts)
  if (lines.some((l) => l.kind === 'account')) return runAccountsScript(lines, opts);
  const { db } = opts;
  // One message at a time: ticket numbers and output order must not depend on scheduling.
  const config = { ...opts.config, processConcurrency: 1 };
  const firstAt = lines.find((l): l is Extract<ScriptLine, { at: Date | null }> => 'at' in l && !!l.at)?.at;
  const clock = new VirtualClock(firstAt ?? new Date());
  const world = new MockWorld({ config, clock, log: opts.log, db, classifier: opts.classifier, random: seededRandom(opts.seed ?? 1) });
  const driver = new VirtualDriver(world.core, clock);
  world.onBotSaid((said) => {
    const at = isoInZone(clock.now(), config.timezone);
    // a picture the bot sends shows as its placeholder, with what it was
    const file = said.file ? { text: placeholderOf(said.file.mediaType), media: { name: said.file.name, type: said.file.mediaType, size: said.file.size } } : null;
    if (said.roomId) {
      const topic = world.roomById(said.roomId)?.payload.topic ?? said.roomId;
      opts.out(JSON.stringify(file ? { at, room: topic, ...file } : { at, room: topic, text: said.text, mentions: said.mentionNames }));
    } else {
      const to = said.toId ? world.personById(said.toId)?.payload.name ?? said.toId : null;
      opts.out(JSON.stringify({ at, to, ...(file ?? { text: said.text }) }));
    }
  });
  await world.start();
  try {
    for (const line of lines) await applyLine(line, world, driver, db, clock);
    await driver.flushSends(FINAL_FLUSH_MS);
    opts.out(JSON.stringify({ tickets: await ticketSummary(db, world) }));
  } finally {
    await world.stop();
  }
}

/** Applies the setup lines of a script (groups, staff, residents) to a world and its database. */
export async function seedWorld(lines: ScriptLine[], world: MockWorld, db: Db, now: Date): Promise<void> {
  for (const line of lines) {
    if (line.kind !== 'message' && line.kind !== 'clock') await applySetup(line, world, db, now);
  }
}

async function applyLine(line: ScriptLine, world: MockWorld, driver: VirtualDriver, db: Db, clock: VirtualClock): Promise<void> {
  if (line.kind === 'clock') return driver.advanceTo(line.at);
  if (line.kind === 'message') {
    if (line.at) await driver.advanceTo(line.at);
    const from = world.person(line.from);
    const room = line.room ? world.room(line.room)! : null;
    if (line.media) {
      // without a file, a sample generated for this line (each line its own picture)
      const file = line.media.file ?? await sampleFile(line.media.kind, line.line);
      await world.send(from, { kind: line.media.kind, name: file.name, bytes: file.bytes, transcript: line.text || undefined }, room);
    } else {
      const mentions = line.mentions.map((n) => (n === world.botUser.payload.name ? world.botUser : world.person(n)));
      await world.say(from, line.text, room, mentions);
    }
    await driver.settle();
    return;
  }
  await applySetup(line, world, db, clock.now());
}

async function applySetup(line: Exclude<ScriptLine, { kind: 'message' | 'clock' }>, world: MockWorld, db: Db, now: Date): Promise<void> {
  switch (line.kind) {
    case 'account':
    case 'account-event':
      throw new Error('account lines are run by runAccountsScript');
    case 'room': {
      const room = world.createRoom(line.room);
      await ensureRoom(db, room.id, line.room, now);
      if (line.community || line.building) {
        await db.update(rooms).set({ community: line.community, building: line.building, mappingConfirmed: true }).where(eq(rooms.id, room.id));
      }
      return;
    }
    case 'staff-room': {
      const room = world.createRoom(line.room);
      await ensureRoom(db, room.id, line.room, now);
      await db.update(rooms).set({ isStaffRoom: true, community: null, building: null }).where(eq(rooms.id, room.id));
      for (const s of await db.select().from(staff)) {
        const person = world.personById(s.contactId);
        if (person) world.joinRoom(room, person);
      }
      return;
    }
    case 'staff': {
      const person = world.person(line.name);
      await db.insert(staff).values({ contactId: person.id, name: line.name, role: line.role, createdAt: now })
        .onConflictDoUpdate({ target: staff.contactId, set: { role: line.role, active: true } });
      for (const r of await db.select().from(rooms).where(eq(rooms.isStaffRoom, true))) {
        const room = world.roomById(r.id);
        if (room) world.joinRoom(room, person);
      }
      return;
    }
    case 'resident': {
      const person = world.person(line.name);
      const room = line.room ? world.room(line.room) : undefined;
      if (room) world.joinRoom(room, person);
      if (line.unit) await bindResident(db, person.id, line.unit, room?.id ?? null, now);
      return;
    }
  }
}

export async function bindResident(db: Db, contactId: string, address: string, roomId: string | null, now: Date): Promise<void> {
  const [room] = roomId ? await db.select().from(rooms).where(eq(rooms.id, roomId)) : [];
  const split = splitUnitAddress(address) ?? { building: room?.building ?? '', unit: address };
  const community = room?.community ?? '';
  const [unit] = await db.insert(units).values({ community, building: split.building, unit: split.unit })
    .onConflictDoUpdate({ target: [units.community, units.building, units.unit], set: { unit: split.unit } })
    .returning();
  await db.insert(bindings).values({ contactId, unitId: unit!.id, status: 'confirmed', confirmedBy: 'setup', createdAt: now }).onConflictDoNothing();
}

export async function ticketSummary(db: Db, world: { roomById(id: string): { payload: { topic: string } } | undefined }) {
  const staffRows = await db.select().from(staff);
  const rows = await db.select().from(tickets).orderBy(asc(tickets.id));
  const attached = await db.select({ ticketId: ticketMedia.ticketId, n: count() }).from(ticketMedia).groupBy(ticketMedia.ticketId);
  return rows.map((t) => ({
    id: t.id,
    intent: t.intent,
    category: t.category,
    status: t.status,
    urgent: t.urgent,
    room: t.roomId ? world.roomById(t.roomId)?.payload.topic ?? t.roomId : null,
    reporter: t.reporterName,
    unit: t.location,
    assignee: t.assigneeId ? staffRows.find((s) => s.contactId === t.assigneeId)?.name ?? t.assigneeId : null,
    rating: t.rating,
    media: attached.find((a) => a.ticketId === t.id)?.n ?? 0,
  }));
}
