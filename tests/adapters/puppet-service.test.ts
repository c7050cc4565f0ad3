import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetServer } from 'wechaty-puppet-service';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Wechaty } from 'wechaty';
import { createBot } from '../../src/bot.js';
import { seededRandom, VirtualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { tickets } from '../../src/db/schema.js';
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
  const botUser = mocker.createContact({ id: 'linli-bot', name: '邻里小助手' });
  const resident = mocker.createContact({ id: 'wxid_resident', name: '张阿姨' });
  const room = mocker.createRoom({ id: '100@chatroom', topic: '阳光花园3栋业主群', memberIdList: [botUser.id, resident.id] });
  const botSaid: string[] = [];
  room.on('message', (m: { payload: { talkerId: string; text?: string } }) => {
    if (m.payload.talkerId === botUser.id) botSaid.push(m.payload.text ?? '');
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
    const clock = new VirtualClock('2026-11-23T09:00:00+08:00');
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
});
