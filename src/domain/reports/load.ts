import { and, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { ticketReporters, tickets } from '../../db/schema.js';
import type { RatingFact, TicketFact } from './stats.js';

/** Tickets opened in [from, to), and every rating given on them. */
export async function loadFacts(db: Db | Tx, from: Date, to: Date): Promise<{ tickets: TicketFact[]; ratings: RatingFact[]; rows: (typeof tickets.$inferSelect)[] }> {
  const rows = await db.select().from(tickets).where(and(gte(tickets.createdAt, from), lt(tickets.createdAt, to))).orderBy(tickets.id);
  const ids = rows.map((t) => t.id);
  const rated = ids.length
    ? await db.select().from(ticketReporters).where(and(inArray(ticketReporters.ticketId, ids), isNotNull(ticketReporters.rating)))
    : [];
  return {
    rows,
    tickets: rows,
    ratings: rated.map((r) => ({ ticketId: r.ticketId, rating: r.rating!, ratedAt: r.ratedAt ?? r.createdAt })),
  };
}
