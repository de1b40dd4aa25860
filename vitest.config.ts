import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite (minutes of crashes, faults and load) runs with `npm run test:chaos`.
    exclude: [...configDefaults.exclude, 'test/chaos/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end tests spawn the CLI and simulator; keep parallelism modest.
    maxWorkers: 2,
  },
});
