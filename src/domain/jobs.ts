import type { Services } from './types.js';

/**
 * Time-driven work (escalations, rating time-outs, schedules). `nextDueAt` lets the virtual clock
 * jump straight to the next moment anything happens; the live runtime simply ticks every minute.
 */
export interface Job {
  name: string;
  nextDueAt(svc: Services, now: Date): Promise<Date | null>;
  run(svc: Services, now: Date): Promise<void>;
}
