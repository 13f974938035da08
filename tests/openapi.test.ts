import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openApiDocument, OPENAPI_FILE, printOpenApiDocument } from '../src/rest/openapi.js';
import { restApi } from '../src/rest/rest-api.js';
import { routeLabeller } from '../src/rest/route-labels.js';
import type { Services } from '../src/services/create-services.js';

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
    expect(operations).toHaveLength(32);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(32);
    for (const operation of operations) expect(operation.tags).toHaveLength(1);
    const paths = openApiDocument.paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const route of ['/auth/signup', '/auth/login', '/auth/refresh', '/auth/forget-password']) expect(paths[route]!.post!.security).toEqual([]);
  });
});

describe('the REST router and the document', () => {
  it('describe the same routes, and logs and metrics name each by the router’s own pattern', () => {
    const router = restApi({} as Services);
    const registered = router.stack.flatMap((layer) => {
      const path: unknown = layer.route?.path;
      const methods = Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods);
      return (Array.isArray(path) ? path : [path]).flatMap((p) => methods.map((method) => `${method} ${String(p).replace(/:(\w+)/g, '{$1}')}`));
    });
    const documented = Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((key) => key !== 'parameters')
        .flatMap((method) => ['/api', '/api/v1'].map((base) => `${method} ${base}${path}`)),
    );
    expect(new Set(registered)).toEqual(new Set(documented));
    const label = routeLabeller(router);
    expect(label('/api/v1/tasks/42')).toBe('/api/v1/tasks/{id}');
    expect(label('/api/tasks/')).toBe('/api/tasks');
    expect(label('/api/tasks/42/x')).toBe('unmatched');
  });
});
