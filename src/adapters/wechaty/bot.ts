import { FileBox } from 'file-box';
import { WechatyBuilder, type Wechaty as WechatyInterface, type Message, type Contact as ContactInterface, type Room } from 'wechaty';
import type { Config } from '../../config.js';
import type { MessageRecorder } from '../../pipeline/recorder.js';
import type { Logger } from '../../log.js';
import type { OutgoingFile, Transport } from '../../outbox/sender.js';
import type { Download, MediaSource } from '../../media/source.js';
import type { Clock } from '../../clock.js';
import { messageKind, placeholderFor, voiceTranscript } from './convert.js';
import { readFileBox } from './files.js';

export interface BotOptions {
  name: string;
  /** a ready puppet instance (puppet-mock in the simulator and tests); otherwise the puppet service */
  puppet?: unknown;
  config: Config;
}

export function createWechaty(opts: BotOptions): WechatyInterface {
  if (opts.puppet) return WechatyBuilder.build({ name: opts.name, puppet: opts.puppet as never });
  const { token, endpoint, noTlsInsecureClient, authority } = opts.config.puppet;
  return WechatyBuilder.build({
    name: opts.name,
    puppet: 'wechaty-puppet-service',
    puppetOptions: {
      token: token ?? undefined,
      endpoint: endpoint ?? undefined,
      authority: authority ?? undefined,
      tls: noTlsInsecureClient ? { disable: true } : undefined,
    } as never,
  });
}

/** Every Wechaty handler goes through this: an exception in an async handler would kill Node. */
function guard<A extends unknown[]>(log: Logger, event: string, fn: (...args: A) => Promise<void> | void) {
  return (...args: A): void => {
    Promise.resolve().then(() => fn(...args)).catch((e: unknown) => {
      log.error(`wechaty ${event} handler failed`, { error: e instanceof Error ? e.message : String(e) });
    });
  };
}

export interface WiringHooks {
  onScan?: (qrcode: string, status: number) => void;
  onLogin?: (user: ContactInterface) => void;
  /** `reason`: what the puppet gave, e.g. 'puppet stop()' when this process stops it */
  onLogout?: (user: ContactInterface, reason?: string) => void;
}

/** Connects Wechaty events to the core's recorder. Messages in, nothing else. */
export function wireWechaty(bot: WechatyInterface, recorder: MessageRecorder, clock: Clock, config: Config, log: Logger, hooks: WiringHooks = {}): void {
  bot.on('error', (e: unknown) => log.error('wechaty error', { error: e instanceof Error ? e.message : String(e) }));
  bot.on('scan', guard(log, 'scan', (qrcode: string, status: number) => hooks.onScan?.(qrcode, status)));
  bot.on('login', guard(log, 'login', (user: ContactInterface) => {
    log.info('logged in', { name: user.name() });
    hooks.onLogin?.(user);
  }));
  bot.on('logout', guard(log, 'logout', (user: ContactInterface, reason?: string) => {
    log.warn('logged out', { name: user.name(), reason });
    hooks.onLogout?.(user, reason);
  }));
  bot.on('message', guard(log, 'message', async (msg: Message) => {
    if (msg.self()) return;
    await recorder.receive(await toIncoming(bot, msg, clock, config));
  }));
  bot.on('room-join', guard(log, 'room-join', async (room: Room, invitees: ContactInterface[]) => {
    if (!invitees.some((c) => c.id === bot.currentUser.id)) return;
    await recorder.roomEvent({ type: 'joined', roomId: room.id, topic: await room.topic() });
  }));
  bot.on('room-leave', guard(log, 'room-leave', async (room: Room, leavers: ContactInterface[]) => {
    if (!leavers.some((c) => c.id === bot.currentUser.id)) return;
    await recorder.roomEvent({ type: 'left', roomId: room.id });
  }));
  bot.on('room-topic', guard(log, 'room-topic', async (room: Room, topic: string) => {
    await recorder.roomEvent({ type: 'topic', roomId: room.id, topic });
  }));
}

async function toIncoming(bot: WechatyInterface, msg: Message, clock: Clock, config: Config) {
  const room = msg.room();
  const talker = msg.talker();
  const kind = messageKind(msg.type());
  const raw = msg.text() ?? '';
  const mentions = room ? await msg.mentionList().catch(() => []) : [];
  const mentionsBot = room
    ? mentions.some((c) => c.id === bot.currentUser.id) || raw.includes(`@${config.botName}`)
    : false;
  const sentAt = new Date(clock.now().getTime() - Math.max(0, msg.age()) * 1000);
  return {
    msgId: msg.id,
    roomId: room?.id ?? null,
    roomTopic: room ? await room.topic().catch(() => null) : null,
    talkerId: talker.id,
    talkerName: talker.name(),
    // a puppet that transcribes voice notes puts the words in the text: they are kept as what was said
    text: kind === 'text' ? raw : raw && kind === 'app' ? raw : (kind === 'voice' && voiceTranscript(raw)) || placeholderFor(kind),
    kind,
    mentionsBot,
    mentionIds: mentions.map((c) => c.id),
    sentAt,
    stale: msg.age() > config.replayMaxAgeMinutes * 60,
  };
}

/** Sends outbox rows through Wechaty. Rooms and contacts are found by id, never by topic or name. */
export class WechatyTransport implements Transport {
  constructor(private readonly bot: WechatyInterface) {}

  async send(m: { roomId: string | null; contactId: string | null; text: string; mentionIds: string[]; file?: OutgoingFile }): Promise<void> {
    if (!this.bot.isLoggedIn) throw new Error('the bot is not logged in');
    // base64 is the FileBox form every puppet can carry (puppet-service serialises it, puppet-mock caches it)
    const file = m.file ? FileBox.fromBase64(m.file.bytes.toString('base64'), m.file.name) : null;
    if (m.roomId) {
      const room = await this.bot.Room.find({ id: m.roomId });
      if (!room) throw new Error(`room ${m.roomId} not found`);
      if (file) await room.say(file);
      if (file && !m.text) return;
      const mentioned = (await Promise.all(m.mentionIds.map((id) => this.bot.Contact.find({ id })))).filter((c): c is ContactInterface => !!c);
      await (mentioned.length ? room.say(m.text, ...mentioned) : room.say(m.text));
      return;
    }
    const contact = m.contactId ? await this.bot.Contact.find({ id: m.contactId }) : undefined;
    if (!contact) throw new Error(`contact ${m.contactId} not found`);
    if (file) await contact.say(file);
    if (!file || m.text) await contact.say(m.text);
  }
}

/** Downloads a message's picture, recording or file through Wechaty (message.toFileBox()), by message id. */
export class WechatyMediaSource implements MediaSource {
  constructor(private readonly bot: WechatyInterface) {}

  async download(msgId: string, maxBytes: number): Promise<Download> {
    const msg = await this.bot.Message.find({ id: msgId });
    if (!msg) throw new Error(`message ${msgId} is no longer available from WeChat`);
    return readFileBox(await msg.toFileBox(), maxBytes);
  }
}
