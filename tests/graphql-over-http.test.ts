import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('GraphQL over HTTP', () => {
  it('passes every MUST and SHOULD audit of the graphql-http suite', async () => {
    const results = await auditServer({ url: `${t.url}/graphql` });
    const failures = results
      .filter((r) => r.status !== 'ok')
      .map((r) => `${r.name}: ${r.status === 'notice' ? 'notice' : 'error'} — ${'reason' in r ? r.reason : ''}`);
    const summary: Record<string, number> = {};
    for (const r of results) summary[r.status] = (summary[r.status] ?? 0) + 1;
    console.log('graphql-http audit', summary);
    expect(failures.filter((f) => f.startsWith('MUST') || f.startsWith('SHOULD'))).toEqual([]);
  });
});
