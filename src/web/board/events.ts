import type { Db } from '../../db/connect.js';
import type { Logger } from '../../log.js';

export const TICKETS_CHANNEL = 'linli_tickets';

/**
 * Ticket changes from anywhere — chat, the console, another bot process — as announced by the
 * tickets trigger (migrations/0004) on PostgreSQL's LISTEN/NOTIFY, fanned out to the open boards.
 */
export class TicketEvents {
  private readonly listeners = new Set<(ticketId: number) => void>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db, private readonly log: Logger) {}

  async start(): Promise<void> {
    const sub = await this.db.$client.listen(TICKETS_CHANNEL, (payload) => {
      const id = Number(payload);
      if (!Number.isInteger(id)) return;
      for (const fn of this.listeners) {
        try {
          fn(id);
        } catch (e) {
          this.log.warn('board listener failed', { e });
        }
      }
    });
    this.unlisten = () => sub.unlisten();
  }

  subscribe(fn: (ticketId: number) => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  get size(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    const u = this.unlisten;
    this.unlisten = null;
    await u?.().catch(() => {});
  }
}
