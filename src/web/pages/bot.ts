import { count, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { outbox, rooms, sendState } from '../../db/schema.js';
import { localDate, shortDateTime } from '../../domain/time.js';
import { html } from '../html.js';
import { sendPage, type WebDeps } from '../server.js';

/** The bot's state: logged in or not, the send queue, today's sends against the cap, sends that need a person. */
export async function botPage(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config, clock } = deps;
  app.get('/bot', async (req, reply) => {
    const now = clock.now();
    const today = localDate(now, config.timezone);
    const [queued, states, problems] = await Promise.all([
      db.select({ n: count() }).from(outbox).where(inArray(outbox.status, ['pending', 'sending'])),
      db.select().from(sendState),
      db.select({ o: outbox, topic: rooms.topic }).from(outbox).leftJoin(rooms, eq(rooms.id, outbox.roomId))
        .where(inArray(outbox.status, ['failed', 'unknown'])).orderBy(desc(outbox.id)).limit(100),
    ]);
    const sentToday = states.reduce((sum, s) => sum + (s.day === today ? s.sentToday : 0), 0);
    const w = deps.wechat();

    return sendPage(req, reply, '机器人', html`<h1>机器人</h1>
      <dl class="facts">
        <dt>微信</dt><dd data-testid="wechat-state">${w.mode === 'simulator' ? '模拟器（没有微信令牌）' : w.loggedIn ? `已登录${w.name ? `：${w.name}` : ''}` : '未登录（等待扫码）'}</dd>
        <dt>待发送</dt><dd data-testid="queue-depth">${queued[0]?.n ?? 0} 条</dd>
        <dt>今日已发</dt><dd data-testid="sent-today">${sentToday} / ${config.send.dailyCap}（其中最后 ${config.send.dailyReserve} 条留给紧急和员工消息）</dd>
      </dl>
      <section><h2>需要人工跟进的发送（${problems.length}）</h2>
      ${problems.length ? html`<table><thead><tr><th>时间</th><th>发往</th><th>内容</th><th>状态</th><th>原因</th></tr></thead><tbody>
        ${problems.map(({ o, topic }) => html`<tr><td>${shortDateTime(o.createdAt, config.timezone)}</td><td>${o.roomId ? `群「${topic ?? o.roomId}」` : '私聊'}</td>
          <td>${o.text.slice(0, 80)}</td><td>${o.status === 'failed' ? `发送失败（${o.attempts}次）` : '可能未送达'}</td><td>${o.lastError ?? ''}</td></tr>`)}
      </tbody></table>` : html`<p class="muted">没有失败或不确定的发送。</p>`}</section>`, '/bot');
  });
}
