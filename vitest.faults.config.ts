import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:faults`: database outages, kill -9 and SIGTERM under load. Slower, one file
 * at a time; each test owns its PostgreSQL, and the process tests run the built app.
 */
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['tests/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
