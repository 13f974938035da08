import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const MANIFEST = 'client/generated/persisted-documents.json';
const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, string>;
const idOf = (operation: string) => Object.entries(manifest).find(([, document]) => document.includes(` ${operation}`))![0];

describe('GRAPHQL_TRUSTED_DOCUMENTS', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST, JWT_SECRET: randomBytes(32).toString('base64') });
    user = await createUser(t);
  });
  afterAll(() => t?.close());

  const post = (body: unknown) => t.request('POST', '/graphql', { body, token: user.token, headers: { accept: 'application/graphql-response+json' } });

  it('runs a manifest document named by documentId or by Apollo’s persisted-query hash', async () => {
    const created = await post({ documentId: idOf('CreateTask'), variables: { input: { title: 'trusted', description: '' } } });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createTask.title).toBe('trusted');
    const hash = idOf('Tasks').replace(/^sha256:/, '');
    const listed = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { first: 10 } });
    expect(listed.body.data.tasks.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual(['trusted']);
  });

  it('runs a manifest document sent as its exact text', async () => {
    const text = manifest[idOf('Me')]!;
    expect((await post({ query: text })).body.data.me.username).toBe(user.username);
  });

  it('refuses any other document, and an unknown id, with 400', async () => {
    for (const body of [{ query: '{ me { id } }' }, { documentId: `sha256:${createHash('sha256').update('x').digest('hex')}` }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'document not trusted' });
    }
  });
});
