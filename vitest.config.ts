import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * The test files that send GraphQL through the test app's helper (`t.graphql`). Every
 * document they send runs on the compiled path (tests/helpers/test-app.ts checks it did);
 * these files run a second time with that path off, so Apollo's pipeline answers
 * everything too, and the two cannot drift.
 */
const graphqlSuites = readdirSync('tests')
  .filter((file) => file.endsWith('.test.ts') && readFileSync(`tests/${file}`, 'utf8').includes('.graphql('))
  .map((file) => `tests/${file}`);

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
    projects: [
      { extends: true, test: { name: 'all', include: ['tests/**/*.test.ts'] } },
      { extends: true, test: { name: 'graphql-apollo', include: graphqlSuites, env: { TEST_GRAPHQL_PATH: 'apollo' } } },
    ],
  },
});
