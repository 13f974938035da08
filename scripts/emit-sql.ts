import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repositorySql } from './repository-statements.js';

/** `npm run sql`: writes the SQL each repository method sends to src/db/queries/<repository>.sql. */
for (const [file, text] of await repositorySql()) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  console.log(`wrote ${file}`);
}
