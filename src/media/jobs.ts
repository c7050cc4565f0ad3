import type { Job } from '../domain/jobs.js';
import type { MediaFetcher } from './fetcher.js';
import { expireMedia, nextExpiryAt } from './retention.js';

/** Downloads that failed are retried when due; content past MEDIA_RETENTION_DAYS is removed. */
export function mediaJobs(fetcher: MediaFetcher): Job[] {
  return [
    {
      name: 'media-fetch',
      nextDueAt: () => fetcher.nextDueAt(),
      run: () => fetcher.runDue(),
    },
    {
      name: 'media-retention',
      nextDueAt: (svc) => nextExpiryAt(svc.db, svc.config.media.retentionDays),
      async run(svc, now) {
        await expireMedia(svc.db, now, svc.config.media.retentionDays, svc.log);
      },
    },
  ];
}
