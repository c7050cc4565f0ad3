import { eq } from 'drizzle-orm';
import { VirtualClock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { rooms, staff } from '../db/schema.js';
import { isoInZone } from '../domain/time.js';
import { VirtualDriver } from '../runtime/virtual.js';
import { AccountsWorld } from './accounts-world.js';
import { bindResident, placeholderOf, ticketSummary, type RunScriptOptions } from './run-script.js';
import { sampleFile } from './samples.js';
import type { ScriptLine } from './script.js';

const FINAL_FLUSH_MS = 10 * 60_000;

/**
 * `simulate` with `{"setup":"account"}` lines: each account is its own bot (its own world, core,
 * send queue and rate limit) on the one database, driven on one virtual clock. Output lines carry
 * the account that sent them when there is more than one.
 */
export async function runAccountsScript(lines: ScriptLine[], opts: RunScriptOptions): Promise<void> {
  const { db } = opts;
  const config = { ...opts.config, processConcurrency: 1 };
  const names = lines.flatMap((l) => (l.kind === 'account' ? [l.name] : []));
  const firstAt = lines.find((l): l is Extract<ScriptLine, { at: Date | null }> => 'at' in l && !!l.at)?.at;
  const clock = new VirtualClock(firstAt ?? new Date());
  const world = new AccountsWorld(names, { config, clock, log: opts.log, db, classifier: opts.classifier, seed: opts.seed ?? 1 });
  const driver = new VirtualDriver(names.map((n) => world.world(n).core), clock);
  const tagged = names.length > 1;
  world.onBotSaid((account, said) => {
    const at = isoInZone(clock.now(), config.timezone);
    const who = tagged ? { account } : {};
    const file = said.file ? { text: placeholderOf(said.file.mediaType), media: { name: said.file.name, type: said.file.mediaType, size: said.file.size } } : null;
    if (said.roomId) {
      const room = world.topicOf(said.roomId) ?? said.roomId;
      opts.out(JSON.stringify(file ? { at, ...who, room, ...file } : { at, ...who, room, text: said.text, mentions: said.mentionNames }));
    } else {
      const to = said.toId ? world.nameOf(said.toId) ?? said.toId : null;
      opts.out(JSON.stringify({ at, ...who, to, ...(file ?? { text: said.text }) }));
    }
  });
  await world.start();
  try {
    for (const line of lines) await applyLine(line, world, driver, db, clock);
    await driver.flushSends(FINAL_FLUSH_MS);
    opts.out(JSON.stringify({ tickets: await ticketSummary(db, { roomById: (id) => { const topic = world.topicOf(id); return topic ? { payload: { topic } } : undefined; } }) }));
  } finally {
    await world.stop();
  }
}

async function applyLine(line: ScriptLine, world: AccountsWorld, driver: VirtualDriver, db: Db, clock: VirtualClock): Promise<void> {
  const now = clock.now();
  switch (line.kind) {
    case 'account':
      return;
    case 'clock':
      return driver.advanceTo(line.at);
    case 'account-event':
      if (line.at) await driver.advanceTo(line.at);
      if (line.event === 'logout') await world.logout(line.account);
      else await world.login(line.account);
      return driver.settle();
    case 'message': {
      if (line.at) await driver.advanceTo(line.at);
      if (line.media) {
        const file = line.media.file ?? await sampleFile(line.media.kind, line.line);
        await world.send(line.from, { kind: line.media.kind, name: file.name, bytes: file.bytes, transcript: line.text || undefined }, line.room, line.account);
      } else {
        await world.say(line.from, line.text, line.room, line.mentions, line.account);
      }
      return driver.settle();
    }
    case 'room': {
      const id = await world.createRoom(db, line.room, line.accounts ?? [world.names[0]!], now);
      if (line.community || line.building) {
        await db.update(rooms).set({ community: line.community, building: line.building, mappingConfirmed: true }).where(eq(rooms.id, id));
      }
      return driver.settle();
    }
    case 'staff-room': {
      const id = await world.createRoom(db, line.room, line.accounts ?? [world.names[0]!], now);
      await db.update(rooms).set({ isStaffRoom: true, community: null, building: null }).where(eq(rooms.id, id));
      await world.joinStaffRooms(db);
      return driver.settle();
    }
    case 'staff': {
      const id = world.person(line.name);
      await db.insert(staff).values({ contactId: id, name: line.name, role: line.role, createdAt: now })
        .onConflictDoUpdate({ target: staff.contactId, set: { role: line.role, active: true } });
      await world.joinStaffRooms(db);
      return;
    }
    case 'resident': {
      const id = world.person(line.name);
      if (line.room) world.joinRoom(line.room, line.name);
      if (line.unit) await bindResident(db, id, line.unit, line.room ? world.roomId(line.room) : null, now);
      return;
    }
  }
}
