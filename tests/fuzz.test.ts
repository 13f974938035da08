import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Property-based: random and malformed input on every route and operation. Invariants:
 * never a 5xx, every error in the envelope, nothing stored for a refused write, and the
 * server keeps answering. Every property runs twice: on a fixed seed (the same cases every
 * run, reproducible) and, with fewer cases, on a random seed printed first, so each run
 * also tries cases no run tried before. `FUZZ_SEED` replays a printed seed.
 */
const FIXED_SEED = 20261125;
const randomSeed = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
console.log(`fuzz: random seed ${randomSeed} (replay with FUZZ_SEED=${randomSeed})`);
// The random-seed share of each property: bounded, so the suite's time stays bounded.
const RANDOM_SHARE = 0.25;

type Property = Parameters<typeof fc.assert>[0];
async function check(property: Property, numRuns: number): Promise<void> {
  await fc.assert(property, { numRuns, seed: FIXED_SEED, endOnFailure: true });
  await fc.assert(property, { numRuns: Math.ceil(numRuns * RANDOM_SHARE), seed: randomSeed, endOnFailure: true });
}

let t: TestApp;
let user: TestUser;
let taskId: number;
beforeAll(async () => {
  t = await startTestApp();
  user = await createUser(t);
  taskId = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'fuzz target', description: '' } })).body.task.id;
});
afterAll(() => t?.close());

const ENVELOPE_KEYS = ['code', 'details', 'instance', 'message', 'reason', 'status', 'type'];

function expectSane(res: { status: number; body: any }, label: string) {
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    expect(Object.keys(res.body?.errors ?? {}).sort(), label).toEqual(ENVELOPE_KEYS);
    expect(res.body.errors.status, label).toBe(res.status);
  }
}

/** {@link expectSane} for REST's envelope, or GraphQL's (the envelope in each error's `extensions`). */
function expectSaneOnEither(res: { status: number; body: any }, label: string) {
  if (!Array.isArray(res.body?.errors)) return expectSane(res, label);
  expect(res.status, label).toBeLessThan(500);
  for (const error of res.body.errors) expect(Object.keys(error.extensions ?? {}).sort(), label).toEqual(ENVELOPE_KEYS);
}

/** Everything a write could change: every task and every user row, as one digest. */
const storedState = async () =>
  (
    await sql<{ digest: string }>`
      SELECT md5(
        coalesce((SELECT string_agg(t::text, ',' ORDER BY t.id) FROM tasks t), '') ||
        coalesce((SELECT string_agg(u::text, ',' ORDER BY u.id) FROM users u), '')
      ) AS digest`.execute(t.app.db)
  ).rows[0]?.digest;

/** Sends a request; when it is refused, nothing may have been stored. */
async function refusedStoresNothing<R>(send: () => Promise<R>, refused: (result: R) => boolean, label: string): Promise<R> {
  const before = await storedState();
  const result = await send();
  if (refused(result)) expect(await storedState(), `stored after a refusal: ${label}`).toBe(before);
  return result;
}
const restRefused = (res: { status: number }) => res.status >= 400;

// Strings that break naive code: control characters, lone surrogates, RTL marks, emoji, NUL.
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom('\u0000', '\ud800', '\u202e', '🙂'.repeat(61), ' ', '', '../../etc/passwd', "'; DROP TABLE tasks; --", '{{7*7}}'),
  fc.string({ minLength: 10_000, maxLength: 10_050 }),
);
const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  oddString,
  fc.constantFrom(null, true, 0, -1, 1e308, -0, 2 ** 31, 2 ** 53 + 1, [], {}),
);
const TASK_KEYS = ['title', 'description', 'completion', 'priority', 'due_date', 'user_id', 'id', '__proto__', 'constructor'];
const taskBody = fc.dictionary(fc.constantFrom(...TASK_KEYS), anyJson, { maxKeys: 6 });
const authBody = fc.dictionary(fc.constantFrom('username', 'email', 'password', 'otp', 'new_password', 'extra'), anyJson, { maxKeys: 4 });
const bogusId = fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom('0', '-1', '1e9', '99999999999999999999', '%00', '..'));
const bogusToken = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('Bearer', 'null', 'eyJhbGciOiJub25lIn0.e30.'));

describe('fuzzing the REST API', () => {
  it('task writes: random bodies never 5xx, refused ones store nothing', async () => {
    await check(
      fc.asyncProperty(fc.constantFrom('POST', 'PUT'), taskBody, async (method, body) => {
        const path = method === 'POST' ? '/api/tasks' : `/api/tasks/${taskId}`;
        const label = `${method} ${JSON.stringify(body).slice(0, 200)}`;
        const res = await refusedStoresNothing(() => t.request(method, path, { token: user.token, body }), restRefused, label);
        expectSane(res, label);
      }),
      400,
    );
  });

  it('every route: malformed JSON, wrong content types, bogus ids, tokens and queries', async () => {
    const route = fc.constantFrom(
      ['POST', '/api/auth/signup'],
      ['POST', '/api/auth/login'],
      ['POST', '/api/auth/forget-password'],
      ['POST', '/api/auth/verify-otp'],
      ['POST', '/api/auth/reset-password'],
      ['GET', '/api/tasks'],
      ['POST', '/api/tasks'],
      ['DELETE', '/api/tasks/:id'],
      ['GET', '/api/tasks/:id'],
      ['PUT', '/api/tasks/:id'],
    );
    const rawBody = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{"title":"a","title":5,"description":""}', '{', '[]', 'null', '"str"', '{"a":1}}', '\u0000'),
      anyJson.map((v) => JSON.stringify(v) ?? 'undefined'),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'multipart/form-data',
    );
    const query = fc.dictionary(fc.constantFrom('completion', 'title', 'after', 'before', 'cursor', 'limit'), fc.string({ maxLength: 30 }), { maxKeys: 4 });
    await check(
      fc.asyncProperty(route, rawBody, contentType, bogusId, fc.option(bogusToken), query, async ([method, template], body, type, id, token, params) => {
        const path = template.replace(':id', encodeURIComponent(id)) + (method === 'GET' ? `?${new URLSearchParams(params)}` : '');
        const useRealToken = token === null;
        const label = `${method} ${path} ${type} ${body.slice(0, 100)}`;
        const send = () =>
          t.request(method, path, {
            rawBody: method === 'GET' || method === 'DELETE' ? undefined : body,
            headers: { 'content-type': type, ...(useRealToken ? { authorization: `Bearer ${user.token}` } : { authorization: `Bearer ${token}` }) },
          });
        expectSane(await refusedStoresNothing(send, restRefused, label), label);
      }),
      1200,
    );
  });

  it('malformed paths and content encodings: a 4xx in the envelope, never a 5xx', async () => {
    const route = fc.constantFrom(
      ['GET', '/api/tasks/'],
      ['PUT', '/api/tasks/'],
      ['DELETE', '/api/v1/tasks/'],
      ['GET', '/api/tasks/changes/'],
      ['GET', '/'],
      ['POST', '/graphql/'],
    );
    // A percent sign that does not decode (or decodes to no UTF-8) first, then anything.
    const broken = fc.constantFrom('%ff', '%e0%a4', '%', '%zz', '%c3', '%%', '%E0%A4%A', '%c0%af', '%fx');
    const brokenPath = fc
      .tuple(broken, fc.array(fc.constantFrom('%ff', '%2', '%c3', 'x', '1', '%41', '/'), { maxLength: 4 }))
      .map(([first, rest]) => [first, ...rest].join(''));
    await check(
      fc.asyncProperty(route, brokenPath, async ([method, prefix], broken) => {
        const label = `${method} ${prefix}${broken}`;
        const res = await t.request(method, `${prefix}${broken}`, { token: user.token });
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expectSaneOnEither(res, label);
      }),
      200,
    );
    const encoding = fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'compress', 'identity', 'gzip, gzip', 'x-garbage');
    const target = fc.constantFrom(['POST', '/api/tasks'], ['PUT', `/api/tasks/${taskId}`], ['POST', '/api/auth/login'], ['POST', '/graphql']);
    await check(
      fc.asyncProperty(target, encoding, fc.string({ maxLength: 100 }), async ([method, path], contentEncoding, body) => {
        const label = `${method} ${path} Content-Encoding: ${contentEncoding} ${body.slice(0, 50)}`;
        const res = await t.request(method!, path!, {
          token: user.token,
          rawBody: body,
          headers: { 'content-type': 'application/json', 'content-encoding': contentEncoding },
        });
        expectSaneOnEither(res, label);
      }),
      200,
    );
  });

  it('auth routes: random bodies never 5xx', async () => {
    const route = fc.constantFrom('/api/auth/signup', '/api/auth/login', '/api/auth/forget-password', '/api/auth/verify-otp', '/api/auth/reset-password');
    await check(
      fc.asyncProperty(route, authBody, async (path, body) => {
        const label = `${path} ${JSON.stringify(body).slice(0, 200)}`;
        expectSane(await refusedStoresNothing(() => t.request('POST', path, { body, token: user.token }), restRefused, label), label);
      }),
      400,
    );
  });
});

describe('fuzzing the GraphQL API', () => {
  const OPERATIONS = [
    ['mutation ($input: SignupInput!) { signup(input: $input) { id } }', 'input'],
    ['mutation ($input: LoginInput!) { login(input: $input) { token } }', 'input'],
    ['mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }', 'input'],
    ['mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }', 'input'],
    ['mutation ($id: ID!) { deleteTask(id: $id) { deletedTaskId } }', 'id'],
    ['query ($id: ID!) { task(id: $id) { id title } }', 'id'],
    ['query ($first: Int, $after: String, $filter: TaskFilter) { tasks(first: $first, after: $after, filter: $filter) { edges { cursor } } }', 'filter'],
    ['mutation ($input: ForgotPasswordInput!) { forgotPassword(input: $input) { otpToken } }', 'input'],
    ['mutation ($input: VerifyOtpInput!) { verifyOtp(input: $input) { resetToken } }', 'input'],
    ['mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { message } }', 'input'],
  ] as const;

  function expectSaneGraphQL(res: Awaited<ReturnType<TestApp['graphql']>>, label: string) {
    expect(res.status, label).toBeLessThan(500);
    for (const error of res.errors ?? []) {
      expect(Object.keys(error.extensions).sort(), label).toEqual(ENVELOPE_KEYS);
      expect(error.extensions.status, label).toBeLessThan(500);
    }
  }

  it('every operation: random variables never 5xx, errors always in the envelope', async () => {
    const variables = fc.record(
      { id: fc.oneof(fc.integer(), anyJson), input: fc.oneof(anyJson, taskBody, authBody), first: anyJson, after: anyJson, filter: anyJson },
      { requiredKeys: [] },
    );
    await check(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), variables, async ([query], vars) => {
        const label = `${query.slice(0, 40)} ${JSON.stringify(vars).slice(0, 200)}`;
        const res = await refusedStoresNothing(
          () => t.graphql(query, vars, user.token),
          (r) => (r.errors?.length ?? 0) > 0,
          label,
        );
        expectSaneGraphQL(res, label);
      }),
      800,
    );
  });

  it('random documents never 5xx', async () => {
    const document = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{', '{ __typename }', 'query { tasks(first: -1) { edges { cursor } } }', 'subscription { x }', '{ me { id } } { me { id } }'),
    );
    await check(
      fc.asyncProperty(document, async (query) => {
        expectSaneGraphQL(await t.graphql(query, {}, user.token), query.slice(0, 100));
      }),
      300,
    );
    expect((await t.request('GET', '/health')).status).toBe(200);
  });
});
