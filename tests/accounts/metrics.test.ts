import { describe, expect, it } from 'vitest';
import { isDatabaseError, serveMetrics } from '../../src/ops/metrics.js';
import { GROUP, Harness } from '../foundation/harness.js';

/** The value of one sample line, e.g. linli_sends_total{account="linli-bot",outcome="sent"} */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return null;
}

describe('GET /metrics', () => {
  it('serves what the bot did in the Prometheus text format: messages, classifications, tickets, SLA breaches, outbox and sends per account, database errors', async () => {
    const h = await Harness.start();
    const served = await serveMetrics(h.core.metrics.registry, 0);
    try {
      await h.say('张阿姨', '厨房水管漏水了，麻烦派人来看看');
      await h.say('刘先生', '今天天气真好');
      await h.say('刘先生', '哈哈');
      // the first response deadline passes: reminded, then escalated (an SLA breach)
      await h.driver.advanceTo(new Date(h.clock.now().getTime() + 20 * 60_000));
      h.core.svc.log.error('recording failed', { error: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) });
      h.core.svc.log.error('a handler failed', { error: 'TypeError: x is undefined' });

      const res = await fetch(`http://127.0.0.1:${served.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const account = 'linli-bot';
      expect(sample(text, 'linli_messages_received_total', { account })).toBe(3);
      expect(sample(text, 'linli_messages_handled_total', { account })).toBe(3);
      expect(sample(text, 'linli_classifications_total', { intent: 'repair', urgency: 'none' })).toBe(1);
      expect(sample(text, 'linli_classifications_total', { intent: 'none', urgency: 'none' })).toBe(2);
      expect(sample(text, 'linli_tickets_opened', { intent: 'repair' })).toBe(1);
      expect(sample(text, 'linli_sla_breaches')).toBe(1);
      const sent = (await h.outbox()).filter((r) => r.status === 'sent').length;
      expect(sent).toBeGreaterThanOrEqual(3);
      expect(sample(text, 'linli_sends_total', { account, outcome: 'sent' })).toBe(sent);
      expect(sample(text, 'linli_sends_today', { account })).toBe(sent);
      expect(sample(text, 'linli_database_errors_total')).toBe(1);
      expect(text).toContain('# TYPE linli_outbox_depth gauge');

      // queued and not yet sent: the depth shows it against the group's account
      await h.world.say(h.world.person('张阿姨'), '楼道灯坏了，麻烦来修一下', h.room(GROUP));
      await h.core.recorder.flush();
      await h.core.drainMessages();
      const depth = sample(await (await fetch(`http://127.0.0.1:${served.port}/metrics`)).text(), 'linli_outbox_depth', { account, status: 'pending' });
      expect(depth).toBe((await h.outbox()).filter((r) => r.status === 'pending').length);
      expect(depth).toBeGreaterThan(0);

      expect((await fetch(`http://127.0.0.1:${served.port}/other`)).status).toBe(404);
    } finally {
      await served.close();
      await h.stop();
    }
  });

  it('counts PostgreSQL and connection errors as database errors, nothing else', () => {
    expect(isDatabaseError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(isDatabaseError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseError('write CONNECTION_CLOSED 127.0.0.1:5432')).toBe(true);
    expect(isDatabaseError(new Error('room 1 not found'))).toBe(false);
    expect(isDatabaseError('WeChat did not answer within 30 s')).toBe(false);
  });
});
