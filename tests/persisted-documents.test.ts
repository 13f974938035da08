import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { readManifest } from '../src/graphql/persisted-documents.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const MANIFEST = 'client/generated/persisted-documents.json';
const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, string>;
const idOf = (operation: string) => Object.entries(manifest).find(([, document]) => document.includes(`query ${operation}(`) || document.includes(`query ${operation} `))![0];
const MODERN = 'application/graphql-response+json';

/** An answer without what differs from one request to the next (the request id in each error's `instance`). */
const comparable = (text: string) => JSON.parse(text.replaceAll(/#[\w-]+"/g, '#"')) as unknown;

describe('GRAPHQL_PERSISTED_DOCUMENTS: the compiled path', () => {
  let t: TestApp;
  let user: TestUser;
  let taskId: string;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_PERSISTED_DOCUMENTS: MANIFEST });
    user = await createUser(t);
    const created = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'persisted', description: '' } });
    taskId = String(created.body.task.id);
  });
  afterAll(() => t?.close());

  const post = async (body: unknown, accept: string, token: string | undefined = user.token) => {
    const response = await fetch(`${t.url}/graphql`, {
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

  it('answers byte for byte as Apollo answers the same document sent as its text', async () => {
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
        const byId = await post({ documentId: idOf(operation), variables }, accept, token);
        const byText = await post({ query: manifest[idOf(operation)], variables }, accept, token);
        const what = `${operation} ${JSON.stringify(variables)} ${accept}`;
        expect(byId.status, what).toBe(byText.status);
        expect(byId.contentType, what).toBe(byText.contentType);
        expect(comparable(byId.text), what).toEqual(comparable(byText.text));
        expect(byId.text.endsWith('}\n'), what).toBe(true);
      }
    }
  });

  it('refuses a manifest whose ids are not its documents’ hashes, and a second manifest beside the trusted one', async () => {
    const forged = path.join(t.dataDir, 'forged.json');
    await writeFile(forged, JSON.stringify({ [idOf('Me')]: '{ me { id email } }' }));
    // What the app reads its manifest with at start: a start with this file fails.
    await expect(readManifest(forged)).rejects.toThrow(/is not the hash of its document/);
    expect(() => loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST, GRAPHQL_PERSISTED_DOCUMENTS: forged })).toThrow(/GRAPHQL_PERSISTED_DOCUMENTS/);
  });
});
