import type { Logger } from '../log.js';
import type { MessageProcessor } from './processor.js';

/** How many shares conversations are spread over; a worker takes the shares ≡ its index. */
export const SHARES = 1024;

/** A stable share for a conversation (FNV-1a of the room id, or of the sender for a private chat). */
export function shareOf(conversation: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < conversation.length; i++) {
    h ^= conversation.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % SHARES;
}

/**
 * The message workers of one process. A newly recorded message wakes only the worker that owns
 * its conversation; a worker keeps going until its share has nothing pending.
 */
export class MessageWorkers {
  private readonly running: (Promise<number> | null)[];
  private readonly again: boolean[];

  constructor(private readonly processor: MessageProcessor, readonly count: number, private readonly log: Logger) {
    this.running = Array.from({ length: count }, () => null);
    this.again = Array.from({ length: count }, () => false);
  }

  /** Wakes the workers owning these shares (all workers when none are given). */
  kick(shares?: Iterable<number>): void {
    const workers = shares ? new Set([...shares].map((s) => s % this.count)) : this.running.keys();
    for (const w of workers) this.start(w);
  }

  /** Wakes every worker and resolves with how many messages they handled until all were idle. */
  async drainAll(): Promise<number> {
    this.kick();
    const counts = await Promise.all(this.running.map((p) => p ?? Promise.resolve(0)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private start(worker: number): Promise<number> {
    const current = this.running[worker];
    if (current) {
      this.again[worker] = true;
      return current;
    }
    const run = (async () => {
      let handled = 0;
      do {
        this.again[worker] = false;
        try {
          for (;;) {
            const r = await this.processor.processNext({ worker, of: this.count });
            handled += r.handled;
            if (!r.more) break;
          }
        } catch (e) {
          this.log.error('processing failed', { worker, error: e instanceof Error ? e.message : String(e) });
        }
      } while (this.again[worker]);
      return handled;
    })().finally(() => { this.running[worker] = null; });
    this.running[worker] = run;
    return run;
  }
}
