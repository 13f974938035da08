import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`). Node, and so Apollo, loads the
    // CommonJS one; vite would pick the ESM one for inlined code. Two copies break every
    // `instanceof` ("from another module or realm"), so everything gets Node's choice.
    // (This replaces inlining type-graphql, which only moved the split elsewhere: Apollo.)
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // The fault suite has a config of its own (npm run test:faults).
    exclude: ['tests/faults/**'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['tests/**/*.test.ts'],
  },
});
