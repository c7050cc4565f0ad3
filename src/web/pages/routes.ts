import type { FastifyInstance } from 'fastify';
import { botPage } from './bot.js';
import { feesPage } from './fees.js';
import { noticesPage } from './notices.js';
import { groupsPage } from './groups.js';
import type { WebDeps } from '../server.js';

/** The pages around the tickets: groups and staff, the bot, notices, fees. */
export async function adminRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await groupsPage(app, deps);
  await botPage(app, deps);
  await feesPage(app, deps);
  await noticesPage(app, deps);
}
