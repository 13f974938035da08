import { writeFile } from 'node:fs/promises';
import { OPENAPI_FILE, printOpenApiDocument } from '../src/rest/openapi.js';

/** `npm run openapi`: rewrites the committed OpenAPI document from src/rest/openapi.ts. */
await writeFile(OPENAPI_FILE, printOpenApiDocument());
console.log(`wrote ${OPENAPI_FILE}`);
