import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/boot.js';
import { startScratchServer, type Provisioned } from '../../src/db/provision.js';
import { silentLogger } from '../../src/log.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgServerKind: 'external' | 'embedded';
  }
}

let server: Provisioned | null = null;

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when set (CI points it at the system
 * PostgreSQL 15), otherwise an embedded server. Each test file makes its own scratch database.
 */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('pgServerUrl', external);
    project.provide('pgServerKind', 'external');
    return;
  }
  server = await startScratchServer(silentLogger, await freePort());
  project.provide('pgServerUrl', server.url);
  project.provide('pgServerKind', 'embedded');
}

export async function teardown(): Promise<void> {
  await server?.dispose();
}
