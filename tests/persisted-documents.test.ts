import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { readManifest } from '../src/graphql/operations/persisted-documents.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const MANIFEST = 'client/generated/persisted-documents.json';
const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, string>;
const idOf = (operation: string) =>
  Object.entries(manifest).find(([, document]) => document.includes(`query ${operation}(`) || document.includes(`query ${operation} `))![0];
const MODERN = 'application/graphql-response+json';

/** An answer without what differs from one request to the next (the request id in each error's `instance`). */
const comparable = (text: string) => JSON.parse(text.replaceAll(/#[\w-]+"/g, '#"')) as unknown;

describe('the compiled path: persisted documents, and documents sent as text', () => {
  // `t` runs documents sent as text through Apollo; `cached` (on the same database) compiles them.
  let t: TestApp;
  let cached: TestApp;
  let user: TestUser;
  let taskId: string;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_PERSISTED_DOCUMENTS: MANIFEST, GRAPHQL_DOCUMENT_CACHE: '0' });
    cached = await startTestApp({}, { databaseOf: t });
    user = await createUser(t);
    const created = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'persisted', description: '' } });
    taskId = String(created.body.task.id);
  });
  afterAll(async () => {
    await cached?.close();
    await t?.close();
  });

  const post = async (body: unknown, accept: string, token: string | undefined = user.token, app = t) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
  };

  it('runs a manifest document named by documentId or by Apollo’s persisted-query hash, and any other document as sent', async () => {
    // Apollo Server does not know `documentId`: only the compiled path answers this one.
    const me = await post({ documentId: idOf('Me') }, MODERN);
    expect(JSON.parse(me.text).data.me.username).toBe(user.username);
    const hash = idOf('Tasks').replace(/^sha256:/, '');
    const listed = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { first: 10 } }, MODERN);
    expect(JSON.parse(listed.text).data.tasks.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual(['persisted']);
    expect(JSON.parse((await post({ query: '{ me { id } }' }, MODERN)).text).data.me.id).toBe(String(user.id));
  });

  it('refuses a documentId it has no document for, saying so', async () => {
    for (const body of [{ documentId: `sha256:${'0'.repeat(64)}` }, { documentId: idOf('Me'), operationName: 'Other' }]) {
      const refused = await post(body, MODERN);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text).errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'unknown document' });
    }
  });

  it('answers byte for byte as Apollo answers the same document, whether named by id or sent as text', async () => {
    const cases: Array<{ operation: string; variables: Record<string, unknown>; token?: string | undefined }> = [
      { operation: 'Task', variables: { id: taskId } },
      // A field error: the task is not there.
      { operation: 'Task', variables: { id: '999999999' } },
      // Request errors: variables that do not fit, a page size out of range.
      { operation: 'Task', variables: { id: null } },
      { operation: 'Tasks', variables: { first: 1000 } },
      // No token.
      { operation: 'Tasks', variables: { first: 1 }, token: undefined },
    ];
    for (const { operation, variables, ...rest } of cases) {
      const token = 'token' in rest ? rest.token : user.token;
      for (const accept of [MODERN, 'application/json']) {
        const document = manifest[idOf(operation)]!;
        const byApollo = await post({ query: document, variables }, accept, token);
        const what = `${operation} ${JSON.stringify(variables)} ${accept}`;
        const compiled = {
          byId: await post({ documentId: idOf(operation), variables }, accept, token),
          asText: await post({ query: document, variables }, accept, token, cached),
        };
        expect(cached.app.sentAsText?.holds(document)).toBe(true);
        for (const [how, answer] of Object.entries(compiled)) {
          expect(answer.status, `${what} ${how}`).toBe(byApollo.status);
          expect(answer.contentType, `${what} ${how}`).toBe(byApollo.contentType);
          expect(comparable(answer.text), `${what} ${how}`).toEqual(comparable(byApollo.text));
          expect(answer.text.endsWith('}\n'), `${what} ${how}`).toBe(true);
        }
      }
    }
  });

  it('keeps at most GRAPHQL_DOCUMENT_CACHE documents sent as text and 200,000 characters of them, the least recently used going first, and no long one', async () => {
    const small = await startTestApp({ GRAPHQL_DOCUMENT_CACHE: '2' }, { databaseOf: t });
    try {
      const send = (query: string) => post({ query }, MODERN, user.token, small);
      const [a, b, c] = ['query A { me { id } }', 'query B { me { id } }', 'query C { me { id } }'];
      for (const query of [a!, b!, a!, c!]) expect(JSON.parse((await send(query)).text).data.me.id).toBe(String(user.id));
      // B was used least recently when C came.
      expect([a, b, c].map((query) => small.app.sentAsText!.holds(query!))).toEqual([true, false, true]);
      const long = `query Long { me { id } }${' '.repeat(10_000)}`;
      expect(JSON.parse((await send(long)).text).data.me.id).toBe(String(user.id));
      expect(small.app.sentAsText!.holds(long)).toBe(false);
    } finally {
      await small.close();
    }
    // However many it may keep, no more than 200,000 characters of documents in all.
    const sizable = Array.from({ length: 21 }, (_, i) => `query Sizable${i} { me { id } }`.padEnd(9_900, ' '));
    for (const query of sizable) expect(JSON.parse((await post({ query }, MODERN, user.token, cached)).text).data.me.id).toBe(String(user.id));
    expect(sizable.map((query) => cached.app.sentAsText!.holds(query))).toEqual([false, ...Array(20).fill(true)]);
  });

  it('refuses a manifest whose ids are not its documents’ hashes, and a second manifest beside the trusted one', async () => {
    const forged = path.join(t.dataDir, 'forged.json');
    await writeFile(forged, JSON.stringify({ [idOf('Me')]: '{ me { id email } }' }));
    // What the app reads its manifest with at start: a start with this file fails.
    await expect(readManifest(forged)).rejects.toThrow(/is not the hash of its document/);
    expect(() => loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST, GRAPHQL_PERSISTED_DOCUMENTS: forged })).toThrow(/GRAPHQL_PERSISTED_DOCUMENTS/);
  });
});
