import type { Job } from '../jobs.js';

export const ticketJobs: Job[] = [];
