import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { queryRecorder } from '../src/db/query-recorder.js';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from '../src/graphql/build-schema.js';
import { repositoryCalls, repositorySql } from '../scripts/repository-statements.js';

describe('committed artefacts', () => {
  it('schema.graphql matches the resolvers (run `npm run schema` after changing them)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });

  it('src/db/queries/ holds the SQL every repository method sends (run `npm run sql` after changing one)', async () => {
    const expected = await repositorySql();
    for (const [file, text] of expected) expect(await readFile(file, 'utf8'), file).toBe(text);
    expect((await readdir('src/db/queries')).map((file) => `src/db/queries/${file}`).sort()).toEqual([...expected.keys()].sort());
    // Every method that takes the database has its statements there.
    const calls = repositoryCalls(queryRecorder().db);
    for (const file of await readdir('src/db/repositories')) {
      const source = await readFile(`src/db/repositories/${file}`, 'utf8');
      const methods = [...source.matchAll(/^ {2}(?:async )?(\w+)\(\s*db: Kysely/gm)].map((match) => match[1]!);
      const covered = Object.keys(calls[file.replace('.repository.ts', '')] ?? {});
      for (const method of methods)
        expect(
          covered.some((name) => name.startsWith(method)),
          `${file}: ${method}`,
        ).toBe(true);
    }
  });

  it('lists every migration file in migrations/index.ts', async () => {
    const files = (await readdir('migrations')).filter((f) => /^\d{14}-.+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
  });
});
