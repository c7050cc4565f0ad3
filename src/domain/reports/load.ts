import { and, asc, eq, gte, isNotNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { ticketReporters, tickets } from '../../db/schema.js';
import type { RatingFact, TicketFact } from './stats.js';

/**
 * Tickets opened in [from, to), with only the columns the figures use, and every rating given on
 * them (joined, not listed by id, so a busy month stays one query however many tickets it has).
 */
export async function loadFacts(db: Db | Tx, from: Date, to: Date): Promise<{ tickets: TicketFact[]; ratings: RatingFact[] }> {
  const opened = and(gte(tickets.createdAt, from), lt(tickets.createdAt, to));
  const [facts, rated] = await Promise.all([
    db.select({
      id: tickets.id, intent: tickets.intent, category: tickets.category, community: tickets.community, building: tickets.building,
      status: tickets.status, urgent: tickets.urgent, createdAt: tickets.createdAt, acceptedAt: tickets.acceptedAt,
      resolvedAt: tickets.resolvedAt, respondDueAt: tickets.respondDueAt, resolveDueAt: tickets.resolveDueAt,
      pausedAt: tickets.pausedAt, assigneeId: tickets.assigneeId,
    }).from(tickets).where(opened).orderBy(asc(tickets.id)),
    db.select({ ticketId: ticketReporters.ticketId, rating: ticketReporters.rating, ratedAt: ticketReporters.ratedAt, createdAt: ticketReporters.createdAt })
      .from(ticketReporters).innerJoin(tickets, eq(tickets.id, ticketReporters.ticketId))
      .where(and(isNotNull(ticketReporters.rating), opened))
      .orderBy(asc(ticketReporters.ticketId)),
  ]);
  return {
    tickets: facts,
    ratings: rated.map((r) => ({ ticketId: r.ticketId, rating: r.rating!, ratedAt: r.ratedAt ?? r.createdAt })),
  };
}
