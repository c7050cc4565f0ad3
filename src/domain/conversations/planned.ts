import { and, desc, eq, gte, lte } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import type { Handler } from '../context.js';
import { localTime } from '../time.js';
import { incidentLexicon, readMessage } from './lexicon.js';
import { endWords, outageWindow, type OutageWindow } from './outage-window.js';
import { ownWords, understand } from './understand.js';

/** Which notice words answer which kind of fault. */
const SUPPLY: Record<string, OutageWindow['what']> = { water: '停水', power: '停电', gas: '停气' };
/** A fault of one flat's fittings, not a missing supply. */
const NOT_SUPPLY = /漏|渗|堵|爆|坏|裂|滴答|关不/;
/** How far back a notice announcing an outage is looked for. */
const NOTICE_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * A planned outage: while a notice posted in this group announces 停水/停电 for now, a resident
 * reporting that supply is missing is pointed to the notice — once per group and notice, later
 * reporters only recorded — and no ticket is opened. An emergency still goes on to be alerted.
 */
export const plannedOutageHandler: Handler = async (ctx, next) => {
  const room = ctx.room;
  if (!room || room.isStaffRoom || !ctx.msg.roomId || ctx.staff) return next();
  const u = understand(ctx);
  if (u.urgent) return next();
  const reading = readMessage(u.normalized || ownWords(ctx), incidentLexicon());
  // "水龙头一滴水都出不来，快来看看": no listed word, but a water report — unless it is a leak or a blockage of one flat
  const kind = reading.kind?.kind ?? (u.category && !NOT_SUPPLY.test(u.normalized) ? u.category : null);
  const supply = kind ? SUPPLY[kind] : undefined;
  if (!supply) return next();
  const tz = ctx.svc.config.timezone;
  const notices = await ctx.tx.select().from(outbox).where(and(
    eq(outbox.roomId, ctx.msg.roomId), eq(outbox.kind, 'notice'),
    lte(outbox.notBefore, ctx.now), gte(outbox.createdAt, new Date(ctx.now.getTime() - NOTICE_LOOKBACK_MS)),
  )).orderBy(desc(outbox.id)).limit(20);
  for (const n of notices) {
    const sentAt = n.sentAt ?? n.notBefore;
    const w = outageWindow(n.text, sentAt, tz);
    if (!w || w.what !== supply || ctx.now < w.from || ctx.now >= w.to) continue;
    ctx.outcome.plannedOutage = n.id;
    const text = `您好，这是计划${supply}：物业${localTime(sentAt, tz)}在群里发过通知（${shortNotice(n.text)}），预计${endWords(w, ctx.now, tz)}恢复，不用报修。恢复后如仍有问题请再告诉我们。`;
    const sent = await ctx.out.send({ roomId: ctx.msg.roomId }, text, {
      script: ctx.script, mentionIds: [ctx.msg.talkerId], kind: 'outage', dedupeKey: `outage:${n.id}:${ctx.msg.roomId}`,
    });
    if (!sent) ctx.outcome.quiet = true;
    return;
  }
  return next();
};

function shortNotice(text: string): string {
  const clean = text.replace(/^[\s\S]*?通知[】\]]?\s*[:：]?\s*/, '').replace(/\s+/g, ' ').trim();
  return `「${clean.length > 30 ? `${clean.slice(0, 29)}…` : clean}」`;
}
