import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * What a client chooses (names, variables, operation names) must not decide how much memory
 * the server keeps. Thousands of hostile requests, each carrying a distinct 200 KB value,
 * against an app in this process: its heap after a full collection stays within a fixed
 * bound of where it started (keeping even a tenth of what was sent would break it).
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const heapAfterCollection = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const HOSTILE_REQUESTS = 1_500;
const VALUE_BYTES = 200 * 1024;
const BOUND_BYTES = 40 * 1024 * 1024;

/** A distinct value of VALUE_BYTES for request i. */
const hostileValue = (i: number) => `${i}-`.padEnd(VALUE_BYTES, 'x');

const hostile = [
  (i: number) => t.request('POST', '/api/auth/login', { body: { username: hostileValue(i), password: 'guess' } }),
  (i: number) => t.request('POST', '/api/auth/login', { body: { email: `${hostileValue(i)}@example.com`, password: 'guess' } }),
  (i: number) => t.request('POST', '/api/auth/forget-password', { body: { email: `${hostileValue(i)}@example.com` } }),
  (i: number) => t.request('POST', '/graphql', { body: { query: '{ __typename }', operationName: hostileValue(i) } }),
  (i: number) =>
    t.request('POST', '/graphql', {
      body: { query: 'query ($f: TaskFilter) { tasks(filter: $f) { edges { cursor } } }', variables: { f: { title: hostileValue(i) } } },
    }),
  (i: number) => t.graphql(`query Op${i} { __typename }`),
];

describe('memory under hostile input', () => {
  it(`stays within ${BOUND_BYTES / 1024 / 1024} MB over ${HOSTILE_REQUESTS} requests of distinct ${VALUE_BYTES / 1024} KB values`, async () => {
    // Warm: the first requests build what every request reuses (schema caches, pools).
    for (let i = 0; i < 20; i++) await hostile[i % hostile.length]!(-i - 1);
    const before = heapAfterCollection();
    for (let i = 0; i < HOSTILE_REQUESTS; i += 10) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, j) => hostile[(i + j) % hostile.length]!(i + j)));
      for (const answer of answers) expect(answer.status).toBeLessThan(500);
    }
    const grown = heapAfterCollection() - before;
    expect(grown, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB`).toBeLessThan(BOUND_BYTES);
  }, 120_000);
});
