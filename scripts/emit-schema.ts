import { writeFile } from 'node:fs/promises';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from '../src/graphql/build-schema.js';

/** `npm run schema`: rewrites the committed schema.graphql from the resolvers. */
await writeFile(SCHEMA_FILE, printAppSchema(await buildAppSchema()));
console.log(`wrote ${SCHEMA_FILE}`);
