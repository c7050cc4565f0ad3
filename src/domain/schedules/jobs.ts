import type { Job } from '../jobs.js';

export const scheduleJobs: Job[] = [];
