/**
 * A running bot inside the mock WeChat world, on a fresh database and a virtual clock, for the
 * foundation and fault tests: people talk, the bot records, handles and sends, and the test
 * looks at what was said and what is in the database.
 */
import { asc, eq } from 'drizzle-orm';
import { seededRandom, VirtualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { messages, outbox, rooms, tickets } from '../../src/db/schema.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { Classifier } from '../../src/nlu/types.js';
import { VirtualDriver } from '../../src/runtime/virtual.js';
import { seedWorld } from '../../src/sim/run-script.js';
import { parseScript } from '../../src/sim/script.js';
import { MockWorld, type BotSaid, type MediaMessage } from '../../src/sim/world.js';
import type { PuppetMock, mock } from 'wechaty-puppet-mock';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { testClassifier } from '../helpers/simulate.js';

export const GROUP = '阳光花园3栋业主群';
export const STAFF_ROOM = '阳光花园物业工作群';

/** A building group, the staff room, a technician, a supervisor and two residents. */
export const SETUP: object[] = [
  { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
  { setup: 'resident', name: '刘先生', room: GROUP, unit: '3栋1单元801' },
];

export const REPAIR = '厨房水管漏水了，麻烦派人来看看';

export interface Said extends BotSaid { at: number }

export interface HarnessOptions {
  setup?: object[];
  start?: string;
  env?: Record<string, string>;
  /** use this database instead of a fresh one (not disposed by stop) */
  db?: TestDatabase;
  classifier?: Classifier;
  seed?: number;
  /** another puppet on the world's mocker (e.g. one whose downloads fail) */
  puppet?: (mocker: mock.Mocker) => PuppetMock;
}

export class Harness {
  readonly said: Said[] = [];
  /** every line the bot logged, at debug level */
  readonly logLines: string[] = [];
  readonly log: Logger;
  readonly world: MockWorld;
  readonly driver: VirtualDriver;
  private ownsDb: boolean;

  private constructor(readonly db: TestDatabase, readonly clock: VirtualClock, readonly config: Config, classifier: Classifier, seed: number, ownsDb: boolean, puppet?: HarnessOptions['puppet']) {
    this.ownsDb = ownsDb;
    this.log = createLogger('debug', (l) => this.logLines.push(l));
    this.world = new MockWorld({ config, clock, log: this.log, db: db.db, classifier, random: seededRandom(seed), puppet });
    this.driver = new VirtualDriver(this.world.core, clock);
    this.world.onBotSaid((s) => this.said.push({ ...s, at: clock.now().getTime() }));
  }

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const db = opts.db ?? await freshDatabase();
    const clock = new VirtualClock(opts.start ?? '2026-11-23T09:00:00+08:00');
    const config = loadConfig({ ...opts.env });
    const h = new Harness(db, clock, config, opts.classifier ?? await testClassifier(), opts.seed ?? 1, !opts.db, opts.puppet);
    const lines = parseScript((opts.setup ?? SETUP).map((l) => JSON.stringify(l)).join('\n'));
    await seedWorld(lines, h.world, db.db, clock.now());
    await h.world.start();
    return h;
  }

  get core() {
    return this.world.core;
  }

  room(topic: string) {
    const r = this.world.room(topic);
    if (!r) throw new Error(`no room ${topic}`);
    return r;
  }

  personId(name: string): string {
    return this.world.person(name).id;
  }

  /** Someone speaks (in a group, or privately with room null); the bot records and handles it at the current virtual time. */
  async say(name: string, text: string, room: string | null = GROUP): Promise<void> {
    await this.world.say(this.world.person(name), text, room ? this.room(room) : null);
    await this.driver.settle();
  }

  /** Someone sends a picture, voice note, video or file (in a group, or privately with room null); returns its message id. */
  async send(name: string, m: MediaMessage, room: string | null = GROUP): Promise<string> {
    const id = await this.world.send(this.world.person(name), m, room ? this.room(room) : null);
    await this.driver.settle();
    return id;
  }

  /** Waits (in real time) until the bot has seen `count` more inbound messages. */
  async waitSeen(before: number, count = 1): Promise<void> {
    for (let i = 0; i < 1000 && this.core.recorder.seen < before + count; i++) await new Promise((r) => setTimeout(r, 2));
    if (this.core.recorder.seen < before + count) throw new Error('the bot did not receive the message');
  }

  /** Lets queued sends go out, at most `ms` of virtual time. */
  async sendAll(ms = 10 * 60_000): Promise<void> {
    await this.driver.flushSends(ms);
  }

  saidIn(topic: string): Said[] {
    const id = this.room(topic).id;
    return this.said.filter((s) => s.roomId === id);
  }

  saidTo(name: string): Said[] {
    const id = this.personId(name);
    return this.said.filter((s) => s.toId === id);
  }

  messages() {
    return this.db.db.select().from(messages).orderBy(asc(messages.id));
  }

  tickets() {
    return this.db.db.select().from(tickets).orderBy(asc(tickets.id));
  }

  outbox() {
    return this.db.db.select().from(outbox).orderBy(asc(outbox.id));
  }

  async roomRow(topic: string) {
    const [r] = await this.db.db.select().from(rooms).where(eq(rooms.id, this.room(topic).id));
    return r;
  }

  async stop(): Promise<void> {
    this.core.recorder.stop();
    await this.world.stop();
    // let a drain started by the last recorded message (and its download) finish before the database goes
    await this.core.drainMessages();
    await this.core.media.idle();
    if (this.ownsDb) await this.db.dispose();
  }
}
