import { eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { seededRandom } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { rooms, staff } from '../db/schema.js';
import { ensureRoom } from '../domain/rooms.js';
import type { Logger } from '../log.js';
import type { Classifier } from '../nlu/types.js';
import { MockWorld, type BotSaid, type MediaMessage } from './world.js';

type Delivery = (world: MockWorld) => Promise<void>;

/**
 * Several bot accounts on one database, as several processes would run them: one mock WeChat
 * (puppet-mock world) per account, each with the real bot inside. A person has the same WeChat id
 * in every world; a group exists in the worlds of the accounts that are in it, and what is said
 * there reaches each of them (each with its own message id, as WeChat gives each account). An
 * account that is logged out hears nothing; what was said meanwhile in its groups where no account
 * heard it reaches it when it logs back in, as WeChat syncs recent messages at login. (WeChat
 * would sync the rest too, with their original times, which the bot recognises as recorded by
 * another account; the mock cannot give a message an earlier time, so those are not replayed.)
 */
export class AccountsWorld {
  readonly worlds = new Map<string, MockWorld>();
  private readonly roomMembers = new Map<string, string[]>();
  private readonly roomIds = new Map<string, string>();
  private readonly personIds = new Map<string, string>();
  private readonly loggedOut = new Set<string>();
  private readonly missed = new Map<string, Delivery[]>();
  private nextId = 1;

  constructor(readonly names: string[], opts: { config: Config; clock: Clock; log: Logger; db: Db; classifier: Classifier; seed: number }) {
    names.forEach((name, i) => {
      this.worlds.set(name, new MockWorld({
        config: opts.config, clock: opts.clock, log: opts.log, db: opts.db, classifier: opts.classifier,
        random: seededRandom(opts.seed + i), account: { name, botId: `linli-bot-${name}` },
      }));
    });
  }

  get first(): MockWorld {
    return this.worlds.get(this.names[0]!)!;
  }

  world(account: string): MockWorld {
    const w = this.worlds.get(account);
    if (!w) throw new Error(`no account ${account}`);
    return w;
  }

  async start(): Promise<void> {
    for (const w of this.worlds.values()) await w.start();
  }

  async stop(): Promise<void> {
    for (const w of this.worlds.values()) await w.stop();
  }

  onBotSaid(fn: (account: string, said: BotSaid) => void): void {
    for (const [name, w] of this.worlds) w.onBotSaid((said) => fn(name, said));
  }

  /** The same person (same WeChat id) in every account's world. */
  person(name: string): string {
    let id = this.personIds.get(name);
    if (!id) {
      id = `wxid_${String(this.nextId++).padStart(4, '0')}`;
      this.personIds.set(name, id);
    }
    for (const w of this.worlds.values()) w.person(name, id);
    return id;
  }

  nameOf(id: string): string | undefined {
    return [...this.personIds].find(([, v]) => v === id)?.[0];
  }

  topicOf(roomId: string): string | undefined {
    return [...this.roomIds].find(([, v]) => v === roomId)?.[0];
  }

  roomId(topic: string): string {
    const id = this.roomIds.get(topic);
    if (!id) throw new Error(`no room ${topic}`);
    return id;
  }

  /** A group with these accounts in it, recorded as their member groups. */
  async createRoom(db: Db, topic: string, accounts: string[], now: Date): Promise<string> {
    const id = `${String(this.nextId++).padStart(6, '0')}@chatroom`;
    this.roomIds.set(topic, id);
    this.roomMembers.set(topic, accounts);
    await ensureRoom(db, id, topic, now);
    for (const a of accounts) {
      this.world(a).createRoom(topic, id);
      await this.world(a).core.presence.joined([id]);
    }
    return id;
  }

  membersOf(topic: string): string[] {
    return this.roomMembers.get(topic) ?? [];
  }

  joinRoom(topic: string, personName: string): void {
    const id = this.person(personName);
    for (const a of this.membersOf(topic)) {
      const w = this.world(a);
      w.joinRoom(w.room(topic)!, w.person(personName, id));
    }
  }

  /** Staff are members of every staff room, in every account's world. */
  async joinStaffRooms(db: Db): Promise<void> {
    const staffRows = await db.select().from(staff);
    for (const r of await db.select().from(rooms).where(eq(rooms.isStaffRoom, true))) {
      const topic = this.topicOf(r.id);
      if (!topic) continue;
      for (const s of staffRows) {
        const name = this.nameOf(s.contactId);
        if (name) this.joinRoom(topic, name);
      }
    }
  }

  isLoggedIn(account: string): boolean {
    return !this.loggedOut.has(account);
  }

  /** The account's WeChat session ends (the puppet reports a logout, as WeChat would). */
  async logout(account: string): Promise<void> {
    this.loggedOut.add(account);
    const w = this.world(account);
    await w.puppet.logout('logged out in the script');
    // the adapter's logout hook records it in the background; recorded here too before the script goes on
    await w.core.presence.logout();
  }

  /** Logs back in and hears what was said in its groups meanwhile. */
  async login(account: string): Promise<void> {
    this.loggedOut.delete(account);
    const w = this.world(account);
    const recorded = w.loginRecorded();
    w.mocker.login(w.botUser);
    // the bot tells the staff room which groups are served again before it hears what was said meanwhile
    await recorded;
    const missed = this.missed.get(account) ?? [];
    this.missed.delete(account);
    for (const deliver of missed) await deliver(w);
  }

  /** A group message reaches every account in the group; a private one the account the person writes to. */
  async say(fromName: string, text: string, topic: string | null, mentions: string[], privateTo: string | null): Promise<void> {
    const fromId = this.person(fromName);
    const deliver: Delivery = async (w) => {
      const from = w.person(fromName, fromId);
      const ms = mentions.map((n) => (n === w.botUser.payload.name ? w.botUser : w.person(n, this.person(n))));
      await w.say(from, text, topic ? w.room(topic)! : null, ms);
    };
    await this.reach(topic, privateTo, deliver, topic ? (a) => this.joinRoom(topic, fromName) : undefined);
  }

  async send(fromName: string, m: MediaMessage, topic: string | null, privateTo: string | null): Promise<void> {
    const fromId = this.person(fromName);
    await this.reach(topic, privateTo, async (w) => { await w.send(w.person(fromName, fromId), m, topic ? w.room(topic)! : null); },
      topic ? () => this.joinRoom(topic, fromName) : undefined);
  }

  private async reach(topic: string | null, privateTo: string | null, deliver: Delivery, join?: (account: string) => void): Promise<void> {
    const targets = topic ? this.membersOf(topic) : [privateTo ?? this.names[0]!];
    const heard = targets.some((a) => !this.loggedOut.has(a));
    for (const a of targets) {
      join?.(a);
      if (this.loggedOut.has(a)) {
        if (heard) continue;
        const list = this.missed.get(a) ?? [];
        list.push(deliver);
        this.missed.set(a, list);
      } else {
        await deliver(this.world(a));
      }
    }
  }
}
