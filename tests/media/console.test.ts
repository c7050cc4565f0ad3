import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { PuppetMock, type mock } from 'wechaty-puppet-mock';
import { media, outbox } from '../../src/db/schema.js';
import { listTicketMedia, readMedia } from '../../src/media/read.js';
import { Outbound } from '../../src/outbox/outbound.js';
import { samplePng, sampleSilk } from '../../src/sim/samples.js';
import { GROUP, Harness, REPAIR, SETUP, STAFF_ROOM } from '../foundation/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const OTHER_GROUP = '阳光花园5栋业主群';
const MIN = 60_000;
const later = (ms: number) => new Date(h!.clock.now().getTime() + ms);

class FailingPuppet extends PuppetMock {
  failures: number;
  constructor(mocker: mock.Mocker, failures: number) {
    super({ mocker });
    this.failures = failures;
  }
  override async messageFile(id: string) {
    if (this.failures-- > 0) throw new Error('puppet: download failed');
    return super.messageFile(id);
  }
}

describe('media for the console', () => {
  it('lists a ticket\'s media with kind, size, sender, time, role and state, and reads each as full, thumbnail or playable WAV', async () => {
    h = await Harness.start({ env: { RATING_IN_GROUP: 'false' } });
    const photo = await samplePng(7, 800, 600);
    const silk = await sampleSilk(3);
    const pdf = Buffer.from('%PDF-1.4\n% 维修报价单\n%%EOF\n', 'utf8');
    await h.send('张阿姨', { kind: 'image', name: 'leak.png', bytes: photo });
    await h.say('张阿姨', REPAIR);
    await h.send('张阿姨', { kind: 'voice', name: 'v.silk', bytes: silk, transcript: '就是这里一直在滴水' });
    await h.send('刘先生', { kind: 'image', name: 'neighbour.png', bytes: await samplePng(8) });
    await h.say('李师傅', '接单 #1', STAFF_ROOM);
    await h.send('李师傅', { kind: 'file', name: '报价单.pdf', bytes: pdf }, STAFF_ROOM);
    await h.driver.advanceTo(later(60 * MIN));
    await h.say('李师傅', '完成 #1 已更换水管', STAFF_ROOM);
    const after = readFileSync('tests/scripts/media/repaired.png');
    await h.send('李师傅', { kind: 'image', name: 'repaired.png', bytes: after }, STAFF_ROOM);

    const items = await listTicketMedia(h.db.db, 1);
    expect(items.map((i) => [i.kind, i.role, i.reason, i.status, i.sender.name, i.sender.staff, i.mediaType, i.size])).toEqual([
      ['image', 'before', 'report', 'stored', '张阿姨', false, 'image/png', photo.length],
      ['voice', 'before', 'report', 'stored', '张阿姨', false, 'audio/silk', silk.length],
      ['file', 'progress', 'named', 'stored', '李师傅', true, 'application/pdf', pdf.length],
      ['image', 'after', 'resolved', 'stored', '李师傅', true, 'image/png', after.length],
    ]);
    expect(items[0]).toMatchObject({ fileName: 'leak.png', hasThumbnail: true, playable: false, roomId: h.room(GROUP).id, missingReason: null });
    expect(items[1]).toMatchObject({ durationMs: 1000, hasThumbnail: false, playable: true, transcript: '就是这里一直在滴水' });
    expect(items[0]!.transcript).toBeNull();
    expect(items[2]).toMatchObject({ fileName: '报价单.pdf', roomId: h.room(STAFF_ROOM).id });
    expect(items[0]!.sentAt.toISOString()).toBe('2026-11-23T01:00:00.000Z');

    const full = await readMedia(h.db.db, items[0]!.id, 'full');
    expect(full).toMatchObject({ contentType: 'image/png', fileName: 'leak.png' });
    expect(full!.bytes.equals(photo)).toBe(true);
    const thumb = await readMedia(h.db.db, items[0]!.id, 'thumbnail');
    expect(thumb!.contentType).toBe('image/jpeg');
    expect(await sharp(thumb!.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });

    const wav = await readMedia(h.db.db, items[1]!.id, 'playable');
    expect(wav).toMatchObject({ contentType: 'audio/wav', fileName: 'v.wav' });
    const b = wav!.bytes;
    expect([b.toString('latin1', 0, 4), b.toString('latin1', 8, 12), b.readUInt16LE(22), b.readUInt32LE(24), b.readUInt16LE(34)]).toEqual(['RIFF', 'WAVE', 1, 24_000, 16]);
    expect(b.readUInt32LE(40)).toBe(b.length - 44);
    // a second of speech at 24 kHz, 16-bit mono (SILK frames round it up a little)
    expect(b.length - 44).toBeGreaterThanOrEqual(48_000);
    expect(b.length - 44).toBeLessThan(52_000);
    // the decoded tone is sound, not silence
    let peak = 0;
    for (let i = 44; i < b.length; i += 2) peak = Math.max(peak, Math.abs(b.readInt16LE(i)));
    expect(peak).toBeGreaterThan(2000);

    expect((await readMedia(h.db.db, items[2]!.id, 'full'))!.bytes.equals(pdf)).toBe(true);
    expect(await readMedia(h.db.db, items[2]!.id, 'playable')).toBeNull();
    expect(await readMedia(h.db.db, items[2]!.id, 'thumbnail')).toBeNull();
    // scoped to a ticket: the neighbour's picture is not this ticket's
    const [neighbour] = await h.db.db.select().from(media).where(eq(media.senderId, h.personId('刘先生')));
    expect(await readMedia(h.db.db, neighbour!.id, 'full')).not.toBeNull();
    expect(await readMedia(h.db.db, neighbour!.id, 'full', { ticketId: 1 })).toBeNull();
    expect(await readMedia(h.db.db, items[0]!.id, 'full', { ticketId: 1 })).not.toBeNull();
    expect(await listTicketMedia(h.db.db, 2)).toEqual([]);

    // the mock WeChat received the after-repair photo itself, privately, byte for byte
    await h.sendAll();
    const sent = h.saidTo('张阿姨').filter((s) => s.file);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.file).toMatchObject({ name: 'repaired.png', mediaType: 'image/png', size: after.length });
    const [afterRow] = await h.db.db.select().from(media).where(eq(media.id, items[3]!.id));
    expect(sent[0]!.file!.sha256).toBe(afterRow!.sha256);
    expect(h.saidIn(GROUP).some((s) => s.file)).toBe(false);
  });

  it('a picture is never posted in a group other than the one it came from; privately it may be', async () => {
    h = await Harness.start({ setup: [...SETUP, { setup: 'room', room: OTHER_GROUP, community: '阳光花园', building: '5栋' }] });
    await h.send('张阿姨', { kind: 'image', name: 'p.png', bytes: await samplePng(9) });
    const [m] = await h.db.db.select().from(media);
    const send = (to: { roomId: string } | { contactId: string }) => h!.db.db.transaction(async (tx) => {
      await new Outbound(tx, h!.clock.now(), h!.log).send(to, '', { mediaId: m!.id });
    });
    await expect(send({ roomId: h.room(OTHER_GROUP).id })).rejects.toThrow(/only be posted back in the group it came from/);
    await expect(send({ roomId: h.room(STAFF_ROOM).id })).rejects.toThrow(/only be posted back/);
    await send({ contactId: h.personId('刘先生') });
    await send({ roomId: h.room(GROUP).id });
    await h.sendAll();
    expect(h.saidIn(OTHER_GROUP)).toEqual([]);
    expect(h.saidIn(STAFF_ROOM)).toEqual([]);
    expect(h.saidTo('刘先生').map((s) => s.file?.name)).toEqual(['p.png']);
    expect(h.saidIn(GROUP).map((s) => s.file?.name)).toEqual(['p.png']);
  });

  it('a forward waits for its picture\'s download: sent when the retry brings it, cancelled after 10 minutes when it does not come', async () => {
    let puppet!: FailingPuppet;
    h = await Harness.start({ env: { RATING_IN_GROUP: 'false' }, puppet: (m) => (puppet = new FailingPuppet(m, 1)) });
    await h.say('张阿姨', REPAIR);
    await h.say('李师傅', '接单 #1', STAFF_ROOM);
    await h.say('李师傅', '完成 #1', STAFF_ROOM);
    await h.sendAll();
    await h.driver.advanceTo(later(MIN));
    const sentAt = h.clock.now().getTime();
    await h.send('李师傅', { kind: 'image', name: 'done.png', bytes: await samplePng(10) }, STAFF_ROOM);
    await h.sendAll(60 * MIN);
    // the first download failed; the picture and its caption went out once the retry 5 s later brought it
    const photo = h.saidTo('张阿姨').find((s) => s.file)!;
    expect(photo.at).toBeGreaterThanOrEqual(sentAt + 5_000);
    expect(h.saidTo('张阿姨').at(-1)!.text).toContain('的完工照片');

    // now a picture that never arrives
    puppet.failures = Infinity;
    await h.say('张阿姨', '没修好');
    await h.say('李师傅', '完成 #1 又修了一次', STAFF_ROOM);
    await h.sendAll();
    const before = h.saidTo('张阿姨').length;
    await h.send('李师傅', { kind: 'image', name: 'again.png', bytes: await samplePng(11) }, STAFF_ROOM);
    await h.driver.advanceTo(later(15 * MIN));
    await h.sendAll();
    const rows = await h.db.db.select().from(outbox).where(eq(outbox.kind, 'after-photo')).orderBy(asc(outbox.id));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'cancelled']);
    expect(rows[1]!.lastError).toBe('the media content is not available');
    // neither the picture nor its caption reached her
    expect(h.saidTo('张阿姨').length).toBe(before);
    const [m] = await h.db.db.select().from(media).where(eq(media.id, rows[1]!.mediaId!));
    expect(m).toMatchObject({ status: 'retrying', missingReason: 'download-failed' });
  });
});
