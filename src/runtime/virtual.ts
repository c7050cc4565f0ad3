import type { VirtualClock } from '../clock.js';
import type { Core } from '../core.js';

const MAX_STEPS = 100_000;

/**
 * Runs the core on a virtual clock: `advanceTo` jumps from one due moment to the next (a send
 * gap, an escalation, a schedule), running each in time order, so days pass in milliseconds.
 * With several cores (one per bot account on one database) each records, handles and sends as
 * its own process would, one after the other in a fixed order so runs are repeatable; the timed
 * jobs (shared by all accounts) run in the first running one.
 */
export class VirtualDriver {
  private readonly cores: Core[];

  constructor(core: Core | Core[], readonly clock: VirtualClock) {
    this.cores = Array.isArray(core) ? core : [core];
  }

  /** the first core, for single-account callers */
  get core(): Core {
    return this.cores[0]!;
  }

  private running(): Core[] {
    return this.cores;
  }

  /** Handles every recorded message and everything due at the current instant. */
  async settle(): Promise<void> {
    for (let step = 0; step < MAX_STEPS; step++) {
      const running = this.running();
      const [first] = running;
      if (!first) return;
      let busy = false;
      if (this.cores.length > 1) {
        // heartbeats on the virtual clock; then ownership follows who is live
        for (const core of running) await core.presence.beat();
        const r = await first.presence.rebalance();
        if (r.moved.length || r.unserved.length || r.restored.length) busy = true;
      }
      for (const core of running) {
        await core.recorder.flush();
        // Join the drain the recorder may have started, so no message is skipped while another holds it.
        if ((await core.drainMessages()) > 0) busy = true;
        // downloads started at receipt run in the background: wait for them, so runs are repeatable
        await core.media.idle();
      }
      const now = this.clock.now();
      for (const job of first.jobs) {
        const due = await job.nextDueAt(first.svc, now);
        if (due && due <= now) {
          await job.run(first.svc, now);
          busy = true;
        }
      }
      for (const core of running) if ((await core.sender.sendNext()).attempted) busy = true;
      if (!busy) return;
    }
    throw new Error('the virtual clock did not settle: a job keeps reporting work due now');
  }

  /** The next moment anything is due, or null. */
  async nextDueAt(): Promise<Date | null> {
    const now = this.clock.now();
    const running = this.running();
    const candidates: (Date | null)[] = [];
    for (const core of running) candidates.push(await core.sender.nextWakeAt());
    const first = running[0];
    if (first) for (const job of first.jobs) candidates.push(await job.nextDueAt(first.svc, now));
    const future = candidates.filter((d): d is Date => !!d).map((d) => (d < now ? now : d));
    return future.length ? new Date(Math.min(...future.map((d) => d.getTime()))) : null;
  }

  /** Moves the clock to `target`, running everything due in between in time order. */
  async advanceTo(target: Date): Promise<void> {
    await this.settle();
    for (let step = 0; step < MAX_STEPS; step++) {
      const next = await this.nextDueAt();
      if (!next || next > target) break;
      if (next > this.clock.now()) this.clock.set(next);
      await this.settle();
    }
    if (target > this.clock.now()) this.clock.set(target);
    await this.settle();
  }

  /** Lets queued sends go out (at most `limitMs` of virtual time), without waiting for later jobs. */
  async flushSends(limitMs: number): Promise<void> {
    const until = new Date(this.clock.now().getTime() + limitMs);
    for (let step = 0; step < MAX_STEPS; step++) {
      await this.settle();
      const wakes = (await Promise.all(this.running().map((c) => c.sender.nextWakeAt()))).filter((d): d is Date => !!d);
      if (!wakes.length) return;
      const wake = new Date(Math.min(...wakes.map((d) => d.getTime())));
      if (wake > until) return;
      if (wake > this.clock.now()) this.clock.set(wake);
    }
  }
}
