import type { VirtualClock } from '../clock.js';
import type { Core } from '../core.js';

const MAX_STEPS = 100_000;

/**
 * Runs the core on a virtual clock: `advanceTo` jumps from one due moment to the next (a send
 * gap, an escalation, a schedule), running each in time order, so days pass in milliseconds.
 */
export class VirtualDriver {
  constructor(private readonly core: Core, readonly clock: VirtualClock) {}

  /** Handles every recorded message and everything due at the current instant. */
  async settle(): Promise<void> {
    const { core } = this;
    for (let step = 0; step < MAX_STEPS; step++) {
      await core.recorder.flush();
      // Join the drain the recorder may have started, so no message is skipped while another holds it.
      let busy = (await core.drainMessages()) > 0;
      // downloads started at receipt run in the background: wait for them, so runs are repeatable
      await core.media.idle();
      const now = this.clock.now();
      for (const job of core.jobs) {
        const due = await job.nextDueAt(core.svc, now);
        if (due && due <= now) {
          await job.run(core.svc, now);
          busy = true;
        }
      }
      if ((await core.sender.sendNext()).attempted) busy = true;
      if (!busy) return;
    }
    throw new Error('the virtual clock did not settle: a job keeps reporting work due now');
  }

  /** The next moment anything is due, or null. */
  async nextDueAt(): Promise<Date | null> {
    const now = this.clock.now();
    const candidates = [await this.core.sender.nextWakeAt()];
    for (const job of this.core.jobs) candidates.push(await job.nextDueAt(this.core.svc, now));
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
      const wake = await this.core.sender.nextWakeAt();
      if (!wake || wake > until) return;
      if (wake > this.clock.now()) this.clock.set(wake);
    }
  }
}
