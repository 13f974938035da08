import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from '../src/graphql/build-schema.js';

describe('committed artefacts', () => {
  it('schema.graphql matches the resolvers (run `npm run schema` after changing them)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });

  it('lists every migration file in migrations/index.ts', async () => {
    const files = (await readdir('migrations')).filter((f) => /^\d{14}-.+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
  });
});
