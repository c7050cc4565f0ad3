import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // CI also keeps a machine-readable result, from which .ci/run prints its closing line
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: process.env.VITEST_JSON ?? 'test-results.json' } : undefined,
    globalSetup: ['tests/setup/postgres.ts', 'tests/setup/nlu-cache.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // two cores: more workers only fight over them
    maxWorkers: 2,
  },
});
