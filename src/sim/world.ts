import { FileBox } from 'file-box';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { types as PUPPET_TYPES, type payloads } from 'wechaty-puppet';
import type { Wechaty } from 'wechaty';
import { createBot } from '../bot.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Core } from '../core.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../log.js';
import type { Classifier } from '../nlu/types.js';
import type { MediaKind } from '../media/kinds.js';
import { sniffMediaType } from '../media/kinds.js';
import { sha256Of } from '../media/store.js';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;

/** A picture, recording or file the bot sent. */
export interface SaidFile {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface BotSaid {
  roomId: string | null;
  toId: string | null;
  text: string;
  mentionNames: string[];
  file?: SaidFile;
}

/** What someone sends that is not text: a picture, voice note (with the puppet's transcript, if any), video or file. */
export interface MediaMessage {
  kind: MediaKind;
  name: string;
  bytes: Buffer;
  transcript?: string;
}

const MESSAGE_TYPES: Record<MediaKind, number> = {
  image: PUPPET_TYPES.Message.Image,
  voice: PUPPET_TYPES.Message.Audio,
  video: PUPPET_TYPES.Message.Video,
  file: PUPPET_TYPES.Message.Attachment,
};

/**
 * A mock WeChat (wechaty-puppet-mock) with the real bot inside it: the local simulator, the
 * `simulate` scripts and the end-to-end tests all drive the bot through this.
 */
export class MockWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet: PuppetMock;
  readonly botUser: ContactMock;
  readonly bot: Wechaty;
  readonly core: Core;
  private readonly people = new Map<string, ContactMock>();
  private readonly roomsByTopic = new Map<string, RoomMock>();
  private nextId = 1;
  private nextMediaId = 1;
  private readonly listeners: ((said: BotSaid) => void)[] = [];
  private loginWaiters: (() => void)[] = [];

  constructor(opts: {
    config: Config; clock: Clock; log: Logger; db: Db; classifier: Classifier; random: () => number;
    /** another puppet on this world's mocker (tests: one whose downloads fail) */
    puppet?: (mocker: mock.Mocker) => PuppetMock;
    /** one of several bot accounts on the database: its name and its own WeChat id */
    account?: { name: string; botId: string };
  }) {
    this.puppet = opts.puppet ? opts.puppet(this.mocker) : new PuppetMock({ mocker: this.mocker });
    this.botUser = this.mocker.createContact({ id: opts.account?.botId ?? 'linli-bot', name: opts.config.botName });
    ({ wechaty: this.bot, core: this.core } = createBot({
      ...opts, name: 'linli-sim', puppet: this.puppet, account: opts.account?.name ?? this.botUser.id,
      hooks: { onLogin: () => { for (const resolve of this.loginWaiters.splice(0)) resolve(); } },
    }));
    this.botUser.on('message', (msg: { payload: { id: string; type: number; roomId?: string; listenerId?: string; text?: string; talkerId: string } }) => {
      const p = msg.payload;
      if (p.talkerId !== this.botUser.id) return;
      const { names, rest } = this.splitMentions(p.text ?? '');
      const said: BotSaid = { roomId: p.roomId ?? null, toId: p.roomId ? null : p.listenerId ?? null, text: rest, mentionNames: names };
      const file = p.type !== PUPPET_TYPES.Message.Text ? this.mocker.cacheFileBoxPayload.get(p.id) : undefined;
      if (file && 'base64' in file) {
        const bytes = Buffer.from(file.base64, 'base64');
        said.file = { name: file.name, mediaType: sniffMediaType(bytes) ?? 'application/octet-stream', size: bytes.length, sha256: sha256Of(bytes) };
      }
      for (const l of this.listeners) l(said);
    });
  }

  /**
   * Resolves when the bot has recorded its next login: the account live, its groups seen and shared out among the
   * accounts (with the staff told of groups served again). Whatever happens after a login waits for this, so a run
   * does not depend on which of the two got to the database first.
   */
  loginRecorded(): Promise<void> {
    return new Promise((resolve) => this.loginWaiters.push(resolve));
  }

  async start(): Promise<void> {
    const recorded = this.loginRecorded();
    await this.bot.start();
    this.mocker.login(this.botUser);
    // the account is recorded as logged in before anything is sent
    await recorded;
  }

  async stop(): Promise<void> {
    await this.bot.stop();
  }

  onBotSaid(fn: (said: BotSaid) => void): void {
    this.listeners.push(fn);
  }

  /** `id`: the id another account's world gave the same person (one person, one WeChat id) */
  person(name: string, id?: string): ContactMock {
    let c = this.people.get(name);
    if (!c) {
      c = this.mocker.createContact({ id: id ?? `wxid_${String(this.nextId++).padStart(4, '0')}`, name });
      this.people.set(name, c);
    }
    return c;
  }

  personById(id: string): ContactMock | undefined {
    return [...this.people.values()].find((c) => c.id === id);
  }

  room(topic: string): RoomMock | undefined {
    return this.roomsByTopic.get(topic);
  }

  roomById(id: string): RoomMock | undefined {
    return [...this.roomsByTopic.values()].find((r) => r.id === id);
  }

  createRoom(topic: string, id?: string): RoomMock {
    const existing = this.roomsByTopic.get(topic);
    if (existing) return existing;
    const room = this.mocker.createRoom({ id: id ?? `${String(this.nextId++).padStart(6, '0')}@chatroom`, topic, memberIdList: [this.botUser.id] });
    this.roomsByTopic.set(topic, room);
    return room;
  }

  joinRoom(room: RoomMock, person: ContactMock): void {
    if (!room.payload.memberIdList.includes(person.id)) room.payload.memberIdList.push(person.id);
  }

  /** Someone says something, in a group (with optional @mentions) or privately to the bot; resolves once the bot has recorded it. */
  async say(from: ContactMock, text: string, where: RoomMock | null, mentions: ContactMock[] = []): Promise<void> {
    const before = this.core.recorder.seen;
    if (where) {
      this.joinRoom(where, from);
      from.say(text, mentions.length ? mentions : this.mentionsIn(text)).to(where);
    } else {
      from.say(text).to(this.botUser);
    }
    await this.received(before);
  }

  /**
   * Someone sends a picture, voice note, video or file, in a group or privately; resolves once the
   * bot has recorded it. The message type is set by kind (puppet-mock would guess it from the name).
   */
  async send(from: ContactMock, m: MediaMessage, where: RoomMock | null): Promise<string> {
    const before = this.core.recorder.seen;
    const id = `mock-media-${this.nextMediaId++}`;
    this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(m.bytes.toString('base64'), m.name).toJSON());
    const base = { id, talkerId: from.id, timestamp: Date.now(), type: MESSAGE_TYPES[m.kind], text: m.transcript ?? '' };
    if (where) this.joinRoom(where, from);
    const payload = (where ? { ...base, roomId: where.id, mentionIdList: [] } : { ...base, listenerId: this.botUser.id }) as payloads.Message;
    this.mocker.MessageMock.create(payload);
    this.puppet.emit('message', { messageId: id });
    await this.received(before);
    return id;
  }

  private async received(before: number): Promise<void> {
    for (let i = 0; i < 500 && this.core.recorder.seen === before; i++) await new Promise((r) => setTimeout(r, 2));
    if (this.core.recorder.seen === before) throw new Error('the bot did not receive the message');
    await this.core.recorder.flush();
  }

  /** Like the WeChat @-picker: "@李师傅" in a group message mentions that person. */
  private mentionsIn(text: string): ContactMock[] {
    const known = [...this.people.keys(), this.botUser.payload.name].sort((a, b) => b.length - a.length);
    const found: ContactMock[] = [];
    for (const m of text.matchAll(/@([^\s\u2005@]+)/g)) {
      const name = known.find((n) => m[1]!.startsWith(n));
      if (!name) continue;
      const c = name === this.botUser.payload.name ? this.botUser : this.people.get(name)!;
      if (!found.includes(c)) found.push(c);
    }
    return found;
  }

  private splitMentions(text: string): { names: string[]; rest: string } {
    const names: string[] = [];
    let rest = text;
    const known = [...this.people.keys()].sort((a, b) => b.length - a.length);
    for (;;) {
      const name = known.find((n) => rest.startsWith(`@${n}`));
      if (!name) break;
      names.push(name);
      rest = rest.slice(name.length + 1).replace(/^[\u2005 ]/, '');
    }
    return { names, rest };
  }
}
