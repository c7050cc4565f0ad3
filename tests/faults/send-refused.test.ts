import { afterEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

describe('WeChat refuses to send to one group', () => {
  it('retries with exponential backoff, then marks the message failed and reports it to the staff room', async () => {
    h = await Harness.start({ env: { SEND_MIN_GAP_MS: '1000', SEND_JITTER_MS: '0', SEND_MAX_ATTEMPTS: '4', SEND_BACKOFF_MS: '5000' } });
    const harness = h;
    const groupId = h.room(GROUP).id;
    const refusedAt: number[] = [];
    const puppet = h.world.puppet;
    const original = puppet.messageSendText.bind(puppet);
    puppet.messageSendText = async (conversationId: string, text: string) => {
      if (conversationId === groupId) {
        refusedAt.push(harness.clock.now().getTime());
        throw new Error('WeChat: 发送失败，该群消息发送过于频繁');
      }
      return original(conversationId, text);
    };

    await h.say('张阿姨', REPAIR);
    await h.sendAll(10 * 60_000);

    const [ticket] = await h.tickets();
    expect(ticket).toBeDefined();
    // four attempts: at once, then 5 s, 10 s and 20 s apart
    expect(refusedAt).toHaveLength(4);
    const gaps = refusedAt.slice(1).map((t, i) => t - refusedAt[i]!);
    expect(gaps).toEqual([5000, 10000, 20000]);
    expect(refusedAt[0]).toBe(new Date('2026-11-23T09:00:00+08:00').getTime());

    const rows = await h.outbox();
    const refused = rows.find((r) => r.roomId === groupId)!;
    expect(refused).toMatchObject({ status: 'failed', attempts: 4, sentAt: null });
    expect(refused.text).toContain(`#${ticket!.id}`);
    expect(refused.lastError).toContain('发送过于频繁');

    // nothing reached the group; the staff room heard about the ticket and about the failed send
    expect(h.saidIn(GROUP)).toEqual([]);
    const staff = h.saidIn(STAFF_ROOM);
    expect(staff.filter((s) => s.text.includes(`#${ticket!.id}`) && !s.text.includes('发送失败'))).toHaveLength(1);
    const report = staff.filter((s) => s.text.includes('发送失败'));
    expect(report).toHaveLength(1);
    expect(report[0]!.text).toContain(`群「${GROUP}」`);
    expect(report[0]!.text).toContain('已重试4次');
    expect(report[0]!.text).toContain(`#${ticket!.id}`);
    expect(report[0]!.at).toBeGreaterThanOrEqual(refusedAt[3]!);
    expect(rows.find((r) => r.kind === 'send-failure')).toMatchObject({ status: 'sent', priority: 0 });
    expect(h.logLines.some((l) => l.includes('"level":"error"') && l.includes('"msg":"send failed for good"'))).toBe(true);

    // the group works again once WeChat accepts: a later reply goes out normally
    puppet.messageSendText = original;
    h.clock.advance(60_000);
    await h.say('刘先生', '我家卫生间马桶堵了，麻烦来修一下');
    await h.sendAll();
    expect(h.saidIn(GROUP).filter((s) => s.mentionNames.includes('刘先生'))).toHaveLength(1);
  });
});
