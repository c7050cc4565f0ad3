import { asc, eq } from 'drizzle-orm';
import { silentLogger } from '../../src/log.js';
import { expireMedia } from '../../src/media/retention.js';
import { prepareContent, storeContent } from '../../src/media/store.js';
import { freshDatabase } from '../helpers/db.js';
import { messages } from '../../src/db/schema.js';
import { afterEach, describe, expect, it } from 'vitest';
import { media, mediaContent } from '../../src/db/schema.js';
import { listTicketMedia, readMedia } from '../../src/media/read.js';
import { sha256Of } from '../../src/media/store.js';
import { samplePng } from '../../src/sim/samples.js';
import { Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const DAY = 24 * 3_600_000;

describe('media retention', () => {
  it('removes content past MEDIA_RETENTION_DAYS, keeps the record that it existed, and keeps content a newer message still carries', async () => {
    h = await Harness.start({ env: { MEDIA_RETENTION_DAYS: '1' } });
    const start = h.clock.now().getTime();
    const at = (ms: number) => h!.driver.advanceTo(new Date(start + ms));
    const leak = { kind: 'image' as const, name: 'leak.png', bytes: await samplePng(1) };
    const other = { kind: 'image' as const, name: 'other.png', bytes: await samplePng(2) };
    const sha = sha256Of(leak.bytes);
    const contentOf = async (s: string) => (await h!.db.db.select().from(mediaContent).where(eq(mediaContent.sha256, s)))[0]!;
    const rows = () => h!.db.db.select().from(media).orderBy(asc(media.id));

    await h.send('张阿姨', leak); // day 0, 09:00
    await h.say('张阿姨', REPAIR); // ticket #1 with the picture
    await at(2 * 3_600_000);
    await h.send('王先生', other); // 11:00, other content
    await at(11 * 3_600_000);
    await h.send('刘先生', leak); // 20:00, the same picture again: one content, two references

    // day 1, 09:00: the first message's time is up, but 刘先生's newer message carries the same content
    await at(DAY + 60_000);
    let [first, second, third] = await rows();
    expect(first).toMatchObject({ status: 'expired', sha256: sha, size: leak.bytes.length, mediaType: 'image/png', kind: 'image' });
    expect(first!.expiredAt).not.toBeNull();
    expect(second!.status).toBe('stored');
    expect((await contentOf(sha)).data).not.toBeNull();
    expect(await readMedia(h.db.db, first!.id, 'full')).toBeNull();
    expect((await readMedia(h.db.db, third!.id, 'full'))!.bytes.equals(leak.bytes)).toBe(true);

    // day 1, 11:00: 王先生's picture goes, content and thumbnail with it
    await at(DAY + 2 * 3_600_000 + 60_000);
    expect((await contentOf(sha256Of(other.bytes)))).toMatchObject({ data: null, thumbnail: null, size: other.bytes.length, mediaType: 'image/png' });

    // day 1, 20:00: the last reference to the leak picture expires, so its content goes too
    await at(DAY + 11 * 3_600_000 + 60_000);
    [first, second, third] = await rows();
    expect([first, second, third].map((r) => r!.status)).toEqual(['expired', 'expired', 'expired']);
    const gone = await contentOf(sha);
    expect(gone).toMatchObject({ data: null, thumbnail: null, size: leak.bytes.length });
    expect(gone.removedAt).not.toBeNull();

    // the ticket still shows that a picture came, and when, from whom
    const listed = await listTicketMedia(h.db.db, 1);
    expect(listed).toEqual([expect.objectContaining({ kind: 'image', status: 'expired', size: leak.bytes.length, hasThumbnail: false, sender: expect.objectContaining({ name: '张阿姨' }) })]);
    await h.say('王主管', '查 #1', STAFF_ROOM);
    await h.sendAll();
    expect(h.saidIn(STAFF_ROOM).at(-1)!.text).toContain('附件：图片 1 张（1 个已过保存期）');

    // the same picture sent again later is kept again
    await h.send('陈伯', leak);
    expect((await contentOf(sha)).data!.equals(leak.bytes)).toBe(true);
    expect((await contentOf(sha)).removedAt).toBeNull();
  });

  it('retention and a store of the same content at the same moment: the content being stored is left alone', async () => {
    const db = await freshDatabase();
    try {
      const now = new Date('2026-11-23T09:00:00+08:00');
      const old = new Date(now.getTime() - 2 * DAY);
      const bytes = await samplePng(3);
      const content = await prepareContent('image', { bytes, name: 'a.png', mediaType: 'image/png' });
      const addMedia = async (msgId: string, sentAt: Date) => {
        await db.db.insert(messages).values({ msgId, talkerId: 'wxid_a', talkerName: 'A', text: '[图片]', type: 'image', sentAt, receivedAt: sentAt, status: 'handled' });
        const [m] = await db.db.insert(media).values({ msgId, kind: 'image', senderId: 'wxid_a', senderName: 'A', sentAt, createdAt: sentAt, nextAttemptAt: sentAt }).returning();
        return m!.id;
      };
      const oldId = await addMedia('old', old);
      await db.db.transaction((tx) => storeContent(tx, oldId, content, old));
      const newId = await addMedia('new', now);

      // a download of the same picture is being stored (its transaction holds the content row) …
      let commit!: () => void;
      const held = new Promise<void>((r) => { commit = r; });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => { locked = r; });
      const storing = db.db.transaction(async (tx) => {
        await storeContent(tx, newId, content, now);
        locked();
        await held;
      });
      await isLocked;
      // … when retention runs: the old reference expires, the content stays
      const result = await expireMedia(db.db, now, 1, silentLogger);
      expect(result).toEqual({ expired: 1, removed: 0 });
      commit();
      await storing;
      const [c] = await db.db.select().from(mediaContent);
      expect(c!.data!.equals(bytes)).toBe(true);
      expect((await db.db.select().from(media).orderBy(asc(media.id))).map((m) => m.status)).toEqual(['expired', 'stored']);
      // and the next run leaves it too: a kept message refers to it
      expect(await expireMedia(db.db, now, 1, silentLogger)).toEqual({ expired: 0, removed: 0 });
      expect((await db.db.select().from(mediaContent))[0]!.data).not.toBeNull();
    } finally {
      await db.dispose();
    }
  });
});
