import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/db.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** WeChat delivers the message with this id again (a re-delivery, or the replay at login). */
async function redeliver(harness: Harness, messageId: string, times = 1): Promise<void> {
  const before = harness.core.recorder.seen;
  for (let i = 0; i < times; i++) harness.world.puppet.emit('message', { messageId });
  await harness.waitSeen(before, times);
  await harness.core.recorder.flush();
  await harness.driver.settle();
  await harness.sendAll();
}

function expectOneTicketOneReply(harness: Harness, ticketCount: number): void {
  const acks = harness.saidIn(GROUP).filter((s) => s.text.includes('#1'));
  expect(acks).toHaveLength(1);
  expect(acks[0]!.mentionNames).toEqual(['张阿姨']);
  expect(harness.saidIn(STAFF_ROOM).filter((s) => s.text.includes('#1'))).toHaveLength(1);
  expect(ticketCount).toBe(1);
}

describe('the same WeChat message delivered more than once', () => {
  it('is recorded, handled and answered once: re-delivered, delivered twice at the same moment, replayed after a stop/start', async () => {
    h = await Harness.start();
    await h.say('张阿姨', REPAIR);
    await h.sendAll();
    const [original] = await h.messages();
    const messageId = original!.msgId;
    expectOneTicketOneReply(h, (await h.tickets()).length);

    await redeliver(h, messageId); // a plain re-delivery a moment later
    await redeliver(h, messageId, 3); // three copies arriving together
    expect(h.core.recorder.seen).toBe(5); // the bot did see every copy…
    expect(await h.messages()).toHaveLength(1); // …and recorded one

    // the bot stops and logs in again; WeChat replays the recent messages
    await h.world.stop();
    await h.world.start();
    h.clock.advance(60_000);
    await redeliver(h, messageId, 2);
    expect(h.core.recorder.seen).toBe(7);

    expect(await h.messages()).toHaveLength(1);
    expect((await h.messages())[0]).toMatchObject({ status: 'handled', attempts: 1 });
    expectOneTicketOneReply(h, (await h.tickets()).length);
    expect((await h.tickets())[0]).toMatchObject({ reporterName: '张阿姨', reporterCount: 1 });
  });

  it('a restarted process (a new core on the same database) recognises a replayed message', async () => {
    const db = await freshDatabase();
    try {
      const first = await Harness.start({ db });
      await first.say('张阿姨', REPAIR);
      await first.sendAll();
      const [original] = await first.messages();
      await first.stop();

      h = await Harness.start({ db, start: '2026-11-23T09:05:00+08:00' });
      const zhang = h.world.person('张阿姨');
      expect(zhang.id).toBe(original!.talkerId);
      await h.core.recorder.receive({
        msgId: original!.msgId, roomId: original!.roomId, roomTopic: GROUP, talkerId: zhang.id, talkerName: '张阿姨',
        text: REPAIR, kind: 'text', mentionsBot: false, mentionIds: [], sentAt: original!.sentAt,
      });
      await h.driver.settle();
      await h.sendAll();
      expect(h.said).toEqual([]); // no second acknowledgement, no second staff notice
      expect(await h.messages()).toHaveLength(1);
      expect(await h.tickets()).toHaveLength(1);
      expect(first.saidIn(GROUP).filter((s) => s.text.includes('#1'))).toHaveLength(1);
    } finally {
      await h?.stop();
      h = null;
      await db.dispose();
    }
  });
});
