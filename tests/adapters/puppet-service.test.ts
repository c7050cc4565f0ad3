import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetServer } from 'wechaty-puppet-service';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Wechaty } from 'wechaty';
import { createBot } from '../../src/bot.js';
import { seededRandom, VirtualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { media, ticketMedia, tickets } from '../../src/db/schema.js';
import { FileBox } from 'file-box';
import { sha256Of } from '../../src/media/store.js';
import { samplePng } from '../../src/sim/samples.js';
import { Outbound } from '../../src/outbox/outbound.js';
import { freePort } from '../../src/boot.js';
import { silentLogger } from '../../src/log.js';
import { VirtualDriver } from '../../src/runtime/virtual.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { testClassifier } from '../helpers/simulate.js';

/**
 * The real-account path: the bot talks gRPC to a puppet service (here a loopback PuppetServer
 * wrapping the mock WeChat), exactly as it would to a hosted one with a token.
 */
describe('wechaty-puppet-service over a loopback gRPC server', () => {
  const TOKEN = 'insecure_linli_loopback';
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  let server: PuppetServer;
  let bot: Wechaty;
  let db: TestDatabase;
  let driver: VirtualDriver;
  let clock: VirtualClock;
  const botUser = mocker.createContact({ id: 'linli-bot', name: '邻里小助手' });
  const resident = mocker.createContact({ id: 'wxid_resident', name: '张阿姨' });
  const room = mocker.createRoom({ id: '100@chatroom', topic: '阳光花园3栋业主群', memberIdList: [botUser.id, resident.id] });
  const botSaid: string[] = [];
  const botFiles: Buffer[] = [];
  room.on('message', (m: { payload: { id: string; talkerId: string; text?: string; type: number } }) => {
    if (m.payload.talkerId !== botUser.id) return;
    const file = mocker.cacheFileBoxPayload.get(m.payload.id);
    if (file && 'base64' in file) botFiles.push(Buffer.from(file.base64, 'base64'));
    else botSaid.push(m.payload.text ?? '');
  });

  beforeAll(async () => {
    const port = await freePort();
    server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token: TOKEN, tls: { disable: true } });
    await server.start();
    db = await freshDatabase();
    const config = loadConfig({
      WECHATY_PUPPET_SERVICE_TOKEN: TOKEN,
      WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${port}`,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
    });
    clock = new VirtualClock('2026-11-23T09:00:00+08:00');
    let loggedInNow!: () => void;
    const loggedIn = new Promise<void>((resolve) => { loggedInNow = resolve; });
    const built = createBot({
      name: 'linli-grpc-test', account: 'grpc', config, clock, log: silentLogger, db: db.db, classifier: await testClassifier(),
      random: seededRandom(1), hooks: { onLogin: () => loggedInNow() },
    });
    bot = built.wechaty;
    const core = built.core;
    await bot.start();
    mocker.login(botUser);
    await loggedIn;
    driver = new VirtualDriver(core, clock);
  });

  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await db?.dispose();
  });

  it('receives a resident message through gRPC, opens a ticket and answers in the group', async () => {
    resident.say('楼道灯坏了，麻烦派人修一下').to(room);
    for (let i = 0; i < 200; i++) {
      await driver.settle();
      if (botSaid.length) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const rows = await db.db.select().from(tickets);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ intent: 'repair', reporterId: 'wxid_resident', roomId: '100@chatroom' });
    expect(botSaid).toHaveLength(1);
    expect(botSaid[0]).toContain('@张阿姨');
    expect(botSaid[0]).toContain(`#${rows[0]!.id}`);
  });

  it('downloads a resident\'s picture through gRPC (message.toFileBox()) and keeps it with the report', async () => {
    const png = await samplePng(1);
    resident.say(FileBox.fromBase64(png.toString('base64'), 'leak.png')).to(room);
    let rows: (typeof media.$inferSelect)[] = [];
    let attached: (typeof ticketMedia.$inferSelect)[] = [];
    // the download and the handling of the message run apart: wait for both the stored file and its attachment
    for (let i = 0; i < 200; i++) {
      await driver.settle();
      rows = await db.db.select().from(media);
      attached = await db.db.select().from(ticketMedia);
      if (rows[0]?.status === 'stored' && attached.length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(rows).toEqual([expect.objectContaining({ kind: 'image', status: 'stored', senderId: 'wxid_resident', size: png.length, sha256: sha256Of(png) })]);
    expect(attached).toEqual([expect.objectContaining({ ticketId: 1, mediaId: rows[0]!.id, role: 'before' })]);
    expect(botSaid).toHaveLength(1);
  });

  it('sends a picture through gRPC as a file message (the outbox\'s media reference)', async () => {
    const [m] = await db.db.select().from(media);
    await db.db.transaction((tx) => new Outbound(tx, clock.now(), silentLogger).send({ roomId: room.id }, '', { mediaId: m!.id }));
    for (let i = 0; i < 200 && !botFiles.length; i++) {
      await driver.flushSends(60_000);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(botFiles).toHaveLength(1);
    expect(botFiles[0]!.equals(await samplePng(1))).toBe(true);
    expect(botSaid).toHaveLength(1);
  });
});
