import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { IpBanRepository } from '../src/db/repositories/ip-ban.repository.js';
import { IpBans } from '../src/services/abuse/ip-bans.js';
import { ManualClock } from './helpers/manual-clock.js';
import { connectSocket } from './helpers/socket-client.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Every rule of the GraphQL gate, held at every door of a production start: Apollo over HTTP
 * (the document cache off, so Apollo's pipeline answers), the compiled path over HTTP, and
 * graphql-ws over WebSocket (a fresh connection per operation, so rules checked at connect
 * count too).
 */

const MANIFEST = 'client/generated/persisted-documents.json';
const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, string>;
const idOf = (operation: string) => Object.entries(manifest).find(([, document]) => document.includes(` ${operation}`))![0];

interface Operation {
  query?: string;
  documentId?: string;
  variables?: Record<string, unknown>;
}

/** An outcome in one word: `ok`, the envelope's code, or the WebSocket's close code. */
type Outcome = string;

interface Door {
  name: string;
  env: Record<string, string>;
  run(t: TestApp, operation: Operation, token: string | undefined): Promise<Outcome>;
}

async function overHttp(t: TestApp, operation: Operation, token: string | undefined): Promise<Outcome> {
  const { body } = await t.request('POST', '/graphql', {
    body: operation,
    token,
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
  });
  // Refused before GraphQL (a ban, the request budget): the REST envelope, one object.
  if (body.errors && !Array.isArray(body.errors)) return body.errors.code;
  return body.errors ? body.errors[0].extensions.code : 'ok';
}

const DOORS: Door[] = [
  { name: 'Apollo over HTTP', env: { GRAPHQL_DOCUMENT_CACHE: '0' }, run: overHttp },
  { name: 'the compiled path over HTTP', env: {}, run: overHttp },
  {
    name: 'graphql-ws over WebSocket',
    env: {},
    async run(t, operation, token) {
      const socket = connectSocket(t, token);
      try {
        const outcome = await socket.run({ query: operation.query ?? '', variables: operation.variables, documentId: operation.documentId });
        if (outcome.close) return `close ${outcome.close.code}`;
        return outcome.errors ? outcome.errors[0]!.extensions.code : 'ok';
      } finally {
        await socket.dispose();
      }
    },
  },
];

interface Arranged {
  token: string | undefined;
  /** Runs on every door: the rule lets it through. */
  allowed: Operation;
  /** Runs on every door: the rule refuses it. */
  refused: Operation;
}

interface Rule {
  name: string;
  env?: Record<string, string>;
  arrange(t: TestApp, user: TestUser): Promise<Arranged>;
  /** What happens between the allowed operation and the refused one (a ban, time passing, a logout). */
  between?(t: TestApp, clock: ManualClock, user: TestUser): Promise<void>;
  /** The refusal as HTTP answers it, and as the WebSocket does when it differs. */
  refusedAs: { http: Outcome; socket?: Outcome };
}

const ME: Operation = { query: '{ me { id } }' };

const RULES: Rule[] = [
  {
    name: 'a banned address',
    arrange: async (_t, user) => ({ token: user.token, allowed: ME, refused: ME }),
    async between(t, clock) {
      await new IpBans(t.app.db, new IpBanRepository(), clock).ban('127.0.0.1', 3_600_000, 'testing the doors');
      clock.advance(3); // past the app's two-second cache of the ban list
    },
    refusedAs: { http: 'FORBIDDEN_ACCESS', socket: 'close 4403' },
  },
  {
    name: 'the request budget',
    env: { RATE_LIMIT_REQUESTS: '40/1h' },
    arrange: async (_t, user) => ({ token: user.token, allowed: ME, refused: ME }),
    async between(t, _clock, user) {
      // The address's budget spent on REST: the door is refused.
      while ((await t.request('GET', '/api/tasks', { token: user.token })).status !== 429);
    },
    refusedAs: { http: 'TOO_MANY_REQUESTS', socket: 'close 4429' },
  },
  {
    name: 'trusted documents only',
    env: { GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST },
    async arrange(_t, user) {
      return {
        token: user.token,
        allowed: { query: '', documentId: idOf('Me') },
        refused: { query: 'mutation { createTask(input: { title: "ad hoc", description: "" }) { id } }' },
      };
    },
    refusedAs: { http: 'BAD_REQUEST' },
  },
  {
    name: 'the cost budget',
    env: { GRAPHQL_MAX_COMPLEXITY: '10' },
    async arrange(_t, user) {
      return { token: user.token, allowed: ME, refused: { query: '{ tasks(first: 5) { edges { node { id title } } } }' } };
    },
    refusedAs: { http: 'BAD_REQUEST' },
  },
  {
    name: 'the depth cap',
    env: { GRAPHQL_MAX_DEPTH: '3' },
    async arrange(_t, user) {
      return { token: user.token, allowed: ME, refused: { query: '{ tasks { edges { node { id } } } }' } };
    },
    refusedAs: { http: 'BAD_REQUEST' },
  },
  {
    name: 'the alias cap',
    env: { GRAPHQL_MAX_ALIASES: '1' },
    async arrange(_t, user) {
      return { token: user.token, allowed: { query: '{ a: me { id } }' }, refused: { query: '{ a: me { id } b: me { id } }' } };
    },
    refusedAs: { http: 'BAD_REQUEST' },
  },
  {
    name: 'introspection off (the production default)',
    async arrange(_t, user) {
      return { token: user.token, allowed: ME, refused: { query: '{ __schema { queryType { name } } }' } };
    },
    refusedAs: { http: 'BAD_REQUEST' },
  },
  {
    name: 'an expired token',
    env: { JWT_EXPIRES_IN: '60s' },
    arrange: async (_t, user) => ({ token: user.token, allowed: ME, refused: ME }),
    between: async (_t, clock) => clock.advance(61),
    refusedAs: { http: 'UNAUTHORIZED', socket: 'close 4401' },
  },
  {
    name: 'an ended session',
    arrange: async (_t, user) => ({ token: user.token, allowed: ME, refused: ME }),
    async between(t, _clock, user) {
      await t.request('POST', '/api/auth/logout', { token: user.token });
    },
    refusedAs: { http: 'UNAUTHORIZED', socket: 'close 4403' },
  },
  {
    name: "another user's data",
    async arrange(t, user) {
      const owner = await createUser(t, 'owner');
      const mine = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'mine', description: '' } });
      const theirs = await t.request('POST', '/api/tasks', { token: owner.token, body: { title: 'theirs', description: '' } });
      const read = (id: number) => ({ query: 'query ($id: ID!) { task(id: $id) { title } }', variables: { id: String(id) } });
      return { token: user.token, allowed: read(mine.body.task_id), refused: read(theirs.body.task_id) };
    },
    refusedAs: { http: 'NOT_FOUND' },
  },
];

describe.each(DOORS)('every rule of the gate at $name', (door) => {
  it.each(RULES)('$name', async (rule) => {
    const clock = new ManualClock();
    const t = await startTestApp(
      { NODE_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('base64'), ...rule.env, ...door.env },
      { clock },
    );
    try {
      const user = await createUser(t);
      const { token, allowed, refused } = await rule.arrange(t, user);
      expect(await door.run(t, allowed, token)).toBe('ok');
      await rule.between?.(t, clock, user);
      const expected = door.name.includes('WebSocket') ? (rule.refusedAs.socket ?? rule.refusedAs.http) : rule.refusedAs.http;
      expect(await door.run(t, refused, token)).toBe(expected);
    } finally {
      await t.close();
    }
  });
});

describe('variables that do not fit a query', () => {
  it('are answered in the same words at every door (graphql-jit runs the compiled ones; the words are graphql-js’s)', async () => {
    const apollo = await startTestApp({ GRAPHQL_DOCUMENT_CACHE: '0' });
    const compiled = await startTestApp({}, { databaseOf: apollo });
    try {
      const user = await createUser(apollo);
      const unfit = { query: 'query ($id: ID!) { task(id: $id) { title } }', variables: { id: { not: 'an id' } } };
      const overHttp = async (t: TestApp) => {
        // Twice: the first sight compiles the document, the second runs it compiled.
        await t.request('POST', '/graphql', { body: unfit, token: user.token });
        return (await t.request('POST', '/graphql', { body: unfit, token: user.token })).body.errors[0].message as string;
      };
      const byApollo = await overHttp(apollo);
      expect(byApollo).toMatch(/Variable "\$id" got invalid value/);
      expect(await overHttp(compiled)).toBe(byApollo);
      const socket = connectSocket(compiled, user.token);
      try {
        for (let run = 0; run < 2; run++) expect((await socket.run(unfit)).errors?.[0]?.message).toBe(byApollo);
      } finally {
        await socket.dispose();
      }
    } finally {
      await compiled.close();
      await apollo.close();
    }
  });
});
