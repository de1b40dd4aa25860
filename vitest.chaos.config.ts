// The reliability suite: `npm run test:chaos` (after a build: the tests spawn bin/kit.js).
// Exchange faults, crashes, disk failures, two processes on one incident, plus the hostile-input
// tests of the normal suite; a summary table of what was injected and what survived is printed
// at the end (test/chaos/summary/global-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts', 'test/hostile/**/*.test.ts'],
    globalSetup: ['test/chaos/summary/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // Two cores: each test spawns kit processes and a simulator of its own.
    maxWorkers: 2,
  },
});
