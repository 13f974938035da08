import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openApiDocument, OPENAPI_FILE, printOpenApiDocument } from '../src/rest/openapi.js';

describe('the OpenAPI document', () => {
  it('is committed as src/rest/openapi.ts makes it (run `npm run openapi` after changing it)', async () => {
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(printOpenApiDocument());
  });

  it('passes redocly lint with no error and no warning', async () => {
    const { stdout, stderr } = await promisify(execFile)('node_modules/.bin/redocly', ['lint', OPENAPI_FILE, '--format=stylish']);
    expect(`${stdout}${stderr}`).toMatch(/valid/);
    expect(`${stdout}${stderr}`).not.toMatch(/warning|error/i);
  }, 60_000);

  it('names and tags every operation, and says which need no token', () => {
    const operations = Object.values(openApiDocument.paths).flatMap((path) =>
      Object.values(path).filter((value): value is { operationId: string; tags: string[] } => typeof value === 'object' && 'operationId' in value),
    );
    expect(operations).toHaveLength(19);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(19);
    for (const operation of operations) expect(operation.tags).toHaveLength(1);
    const paths = openApiDocument.paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const route of ['/auth/signup', '/auth/login', '/auth/refresh', '/auth/forget-password']) expect(paths[route]!.post!.security).toEqual([]);
  });
});
