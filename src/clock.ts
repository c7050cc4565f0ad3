/** Time is injected everywhere so time-based behaviour (escalations, reminders, send gaps) is testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: used by `simulate` and the tests. */
export class VirtualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date): void {
    if (to.getTime() < this.t) throw new Error(`the virtual clock cannot go back: ${to.toISOString()} < ${this.now().toISOString()}`);
    this.t = to.getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A small deterministic PRNG (mulberry32), so a seeded run always makes the same jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
