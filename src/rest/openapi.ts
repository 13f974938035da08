import { AUTH_PATHS, AUTH_SCHEMAS } from './auth/auth.openapi.js';
import { bearer, ERROR_SCHEMAS } from './openapi-parts.js';
import { PROJECT_PATHS, PROJECT_SCHEMAS } from './projects/project.openapi.js';
import { TASK_PATHS, TASK_SCHEMAS } from './tasks/task.openapi.js';

/**
 * The OpenAPI 3.1 description of the REST API (the legacy contract). The test suite checks
 * every response it receives against this document, so it cannot drift from behaviour.
 */

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Task Manager API — REST',
    version: '1.0.0',
    description:
      'The REST compatibility layer for callers of the original service. Every route is also served under `/api/v1`. ' +
      'The GraphQL API at `/graphql` offers the same operations.',
  },
  servers: [{ url: '/api' }, { url: '/api/v1' }],
  security: bearer,
  tags: [
    { name: 'auth', description: 'Accounts, tokens and password reset' },
    { name: 'tasks', description: 'Your tasks: only their owner sees them' },
  ],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: { ...TASK_SCHEMAS, ...PROJECT_SCHEMAS, ...AUTH_SCHEMAS, ...ERROR_SCHEMAS },
  },
  paths: { ...AUTH_PATHS, ...TASK_PATHS, ...PROJECT_PATHS },
} as const;

/** Where the committed copy lives (for generators, linters and readers without a server). */
export const OPENAPI_FILE = 'docs/openapi.json';

export const printOpenApiDocument = () => `${JSON.stringify(openApiDocument, null, 2)}\n`;
