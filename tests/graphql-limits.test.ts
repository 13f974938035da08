import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  // One task read and one write per user: a refused request must spend neither, or a
  // resolver ran. Each test has a user of its own and checks after itself, so it proves
  // this alone too (run by name, or first).
  t = await startTestApp({ GRAPHQL_MAX_DEPTH: '3', RATE_LIMIT_TASK_READS: '1/1m', RATE_LIMIT_TASK_WRITES: '1/1m' });
});
afterAll(() => t?.close());

function expectRefused(res: { status: number; errors?: Array<{ extensions: Record<string, unknown> }> }, reason?: string) {
  expect(res.status).toBe(400);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', status: 400, ...(reason ? { reason } : {}) });
}

describe('GraphQL request limits', () => {
  beforeEach(async () => {
    user = await createUser(t);
  });

  afterEach(async () => {
    // The single read and write are still unspent: no resolver ran for the refused request.
    const read = await t.graphql('{ tasks(first: 100) { edges { cursor } } }', {}, user.token);
    expect(read.errors).toBeUndefined();
    const write = await t.graphql('mutation { createTask(input: { title: "only one", description: "" }) { id } }', {}, user.token);
    expect(write.errors).toBeUndefined();
    expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(429);
  });

  it('refuse a query deeper than the maximum', async () => {
    const res = await t.graphql('{ tasks { edges { node { id } } } }', {}, user.token);
    expectRefused(res, 'graphql validation failed');
    expect(res.errors?.[0]?.message).toBe('Query depth limit of 3 exceeded, found 4.');
  });

  it('refuse more aliases than the maximum (15 by default)', async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: createTask(input: { title: "t${i}", description: "" }) { id }`);
    const res = await t.graphql(`mutation { ${fields.join(' ')} }`, {}, user.token);
    expectRefused(res, 'graphql validation failed');
    expect(res.errors?.[0]?.message).toBe('Aliases limit of 15 exceeded, found 16.');
  });

  it('refuse a query over the cost budget, counting `first` as a multiplier', async () => {
    // Within the depth cap (3): each page of 100 costs about 300.
    const page = 'tasks(first: 100) { edges { cursor } pageInfo { endCursor } }';
    const costly = `{ ${Array.from({ length: 12 }, (_, i) => `p${i}: ${page}`).join(' ')} }`;
    const res = await t.graphql(costly, {}, user.token);
    expectRefused(res, 'query too complex');
    expect(res.errors?.[0]?.message).toMatch(/^Query is too costly: \d+ exceeds the budget of 3000$/);
  });

  it('refuse a document with too many tokens while parsing', async () => {
    const huge = `{ tasks { edges { ${Array.from({ length: 1200 }, () => 'cursor').join(' ')} } } }`;
    expectRefused(await t.graphql(huge, {}, user.token));
  });

  it('refuse batched requests', async () => {
    const batch = [{ query: '{ tasks { edges { cursor } } }' }, { query: 'mutation { createTask(input: { title: "b", description: "" }) { id } }' }];
    const res = await t.request('POST', '/graphql', { body: batch, token: user.token });
    expect(res.status).toBe(400);
  });
});

// The tests below run on the default limits, on one app of their own.
let app: TestApp;
let owner: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  owner = await createUser(app);
});
afterAll(() => app?.close());

describe('the cost budget with variables', () => {
  // Costs are remembered per document and per value of the variables a cost depends on;
  // each case asks the same document with a cheap and a costly value, in both orders.

  const pages = (args: string, directive = '') =>
    Array.from({ length: 12 }, (_, i) => `p${i}: tasks(${args}) ${directive} { edges { cursor } pageInfo { endCursor } }`).join(' ');

  it('counts `first` given as a variable, whatever was asked before', async () => {
    const document = `query ($n: Int) { ${pages('first: $n')} }`;
    for (const [n, refused] of [
      [1, false],
      [100, true],
      [1, false],
      [100, true],
    ] as const) {
      const res = await app.graphql(document, { n }, owner.token);
      if (refused) expectRefused(res, 'query too complex');
      else expect(res.errors, `first: ${n}`).toBeUndefined();
    }
  });

  it('counts only the fields a directive keeps', async () => {
    const document = `query ($all: Boolean!) { ${pages('first: 100', '@include(if: $all)')} me { id } }`;
    for (const [all, refused] of [
      [true, true],
      [false, false],
      [true, true],
    ] as const) {
      const res = await app.graphql(document, { all }, owner.token);
      if (refused) expectRefused(res, 'query too complex');
      else expect(res.errors, `all: ${all}`).toBeUndefined();
    }
  });
});

describe('arguments and request size', () => {
  it('refuse a page size outside 1–100 before its cost, in GraphQL’s own names', async () => {
    for (const first of [0, -1, 101, -100_000_000]) {
      const res = await app.graphql('query ($n: Int) { tasks(first: $n) { edges { cursor } } }', { n: first }, owner.token);
      expectRefused(res, 'invalid arguments');
      expect(res.errors?.[0]?.extensions.details, String(first)).toEqual({ first: ['must be between 1 and 100'] });
    }
    // A negative page beside costly ones: refused, not a negative cost that lets them through.
    const aliases = Array.from({ length: 14 }, (_, i) => `a${i}: tasks(first: 100) { edges { cursor } }`).join(' ');
    const mixed = await app.graphql(`{ neg: tasks(first: -100000000) { edges { cursor } } ${aliases} }`, {}, owner.token);
    expectRefused(mixed, 'invalid arguments');
  });

  it('refuse negative numbers in any argument', async () => {
    expectRefused(await app.graphql('{ task(id: -5) { id } }', {}, owner.token), 'invalid arguments');
  });

  it('count __typename aliases like any other', async () => {
    const typenames = Array.from({ length: 16 }, (_, i) => `t${i}: __typename`).join(' ');
    const res = await app.graphql(`{ ${typenames} }`, {}, owner.token);
    expectRefused(res, 'graphql validation failed');
  });

  it('refuse variables nested deeper than any input, and oversized names and variables, with 400', async () => {
    // Written out by hand: JSON.stringify itself would overflow the stack on it.
    const deep = `${'['.repeat(500_000)}"x"${']'.repeat(500_000)}`;
    const nested = await app.request('POST', '/graphql', {
      rawBody: `{"query":"query ($f: TaskFilter) { tasks(filter: $f) { edges { cursor } } }","variables":{"f":${deep}}}`,
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${owner.token}` },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'request too large' });
    const huge = await app.graphql('query ($f: TaskFilter) { tasks(filter: $f) { edges { cursor } } }', { f: { title: 'x'.repeat(100_000) } }, owner.token);
    expectRefused(huge, 'request too large');
    const named = await app.request('POST', '/graphql', {
      body: { query: '{ __typename }', operationName: 'N'.repeat(1_000_000) },
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(named.status).toBe(400);
    expect(named.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'request too large' });
    // A legacy client (application/json only) learns of a request error from the body, as from Apollo.
    const legacy = await app.request('POST', '/graphql', { body: { query: '{ __typename }', operationName: 'N'.repeat(1000) } });
    expect(legacy.status).toBe(200);
    expect(legacy.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
