import { ERROR_STATUS } from '../errors/app-error.js';
import { REFRESH_TOKEN_PATTERN } from '../services/auth/refresh-tokens.js';
import { EMAIL_MAX_LENGTH, USERNAME_CHARACTERS, USERNAME_LENGTH } from '../services/input-rules.js';
import { DEVICE_TOKEN_MAX_LENGTH } from '../services/account.validation.js';
import { DEFAULT_PAGE_SIZE, DESCRIPTION_MAX_CHARS, MAX_PAGE_SIZE, TASK_PRIORITIES, TITLE_MAX_CHARS } from '../services/task.validation.js';

/**
 * The OpenAPI 3.1 description of the REST API (the legacy contract). The test suite checks
 * every response it receives against this document, so it cannot drift from behaviour.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const dateTime = { type: 'string', format: 'date-time', examples: ['2026-12-01T17:00:00Z'] };

const errorResponse = (description: string) => ({ description, content: json(ref('ErrorEnvelope')) });
const COMMON_ERRORS = {
  '400': errorResponse('Malformed JSON, failed validation (`details` per field) or bad parameters'),
  '403': errorResponse('The client address is banned (reason `ip banned`)'),
  '413': errorResponse('Body over 2 MB'),
  '429': {
    description: 'A rate limit was reached',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
    content: json(ref('ErrorEnvelope')),
  },
  '500': errorResponse('Unexpected failure; the log line carries the `instance` id'),
  '503': errorResponse('The database is unreachable, or stopped the request past its statement timeout; carries Retry-After'),
};
const AUTHENTICATED_ERRORS = {
  ...COMMON_ERRORS,
  '401': errorResponse('Missing, invalid or expired token (`reason` says which)'),
  '403': errorResponse('Banned address, or the task quota is reached'),
};
const bearer = [{ bearerAuth: [] }];
// Public routes say so: the document's default is the bearer token.
const PUBLIC: never[] = [];
const taskId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const REFRESH_COOKIE_MODE = {
  name: 'X-Refresh-Cookie',
  in: 'header',
  schema: { const: '1' },
  description:
    'Browsers: keep the refresh token in an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth instead of the body. ' +
    'A refresh in this mode reads the cookie (send the header again) and sets its successor.',
};
const REFRESH_COOKIE_SET = {
  'Set-Cookie': { schema: { type: 'string' }, description: 'In cookie mode: `refresh_token=…; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`' },
};
const refreshToken = { type: 'string', pattern: REFRESH_TOKEN_PATTERN.source, description: 'Opaque; single use' };
const endedSessions = { ended_sessions: { type: 'integer', minimum: 0 } };
const ETAG = { ETag: { schema: { type: 'string', examples: ['"v3"'] }, description: "The task's version as an entity tag" } };
const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  schema: { type: 'string', examples: ['"v3"'] },
  description: 'Write only while the task is at this version (its ETag); 412 with the task as it is otherwise. Without it, writes go ahead whatever the version.',
};
const IF_NONE_MATCH = { name: 'If-None-Match', in: 'header', schema: { type: 'string' }, description: 'An ETag you hold: 304 when the task is still at it' };
const STALE = errorResponse('If-Match names another version: `current` holds the task as it is now');
const messageBody = (extra: Record<string, object> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['message', ...required],
  properties: { message: { type: 'string' }, ...extra },
  additionalProperties: false,
});
const body = (schema: object) => ({ required: true, content: json(schema) });
const readOnlyEcho = {
  id: { type: 'integer', description: 'Ignored when it equals the stored value; refused otherwise' },
  created_at: { ...dateTime, description: 'Ignored when it equals the stored value; refused otherwise' },
  updated_at: { ...dateTime, description: 'Ignored when it equals the stored value; refused otherwise' },
  version: { type: 'integer', minimum: 1, description: 'The version you last saw: the update applies only while the task is still at it (as If-Match), else 412' },
};

const taskFields = {
  title: { type: 'string', minLength: 1, maxLength: TITLE_MAX_CHARS, description: 'Trimmed' },
  description: { type: 'string', maxLength: DESCRIPTION_MAX_CHARS },
  completion: { type: 'boolean' },
  priority: { type: 'string', enum: [...TASK_PRIORITIES] },
  due_date: { ...dateTime, type: ['string', 'null'] },
};

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
    { name: 'tasks', description: "Your tasks: only their owner sees them" },
  ],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Task: {
        type: 'object',
        required: ['id', 'title', 'description', 'completion', 'priority', 'due_date', 'version', 'created_at', 'updated_at'],
        properties: { id: { type: 'integer' }, ...taskFields, version: { type: 'integer', minimum: 1 }, created_at: dateTime, updated_at: dateTime },
        additionalProperties: false,
      },
      TaskChange: {
        type: 'object',
        required: ['cursor', 'kind', 'task_id', 'version', 'changed_at', 'task'],
        properties: {
          cursor: { type: 'string', description: 'Resume after this change' },
          kind: { type: 'string', enum: ['created', 'updated', 'deleted'] },
          task_id: { type: 'integer' },
          version: { type: 'integer', minimum: 1, description: 'The version the change made (a delete: the last one)' },
          changed_at: dateTime,
          task: { oneOf: [ref('Task'), { type: 'null' }], description: 'The task as it is now; null once deleted' },
        },
        additionalProperties: false,
      },
      User: {
        type: 'object',
        required: ['id', 'username', 'email', 'created_at'],
        properties: { id: { type: 'integer' }, username: { type: 'string' }, email: { type: 'string', format: 'email' }, created_at: dateTime },
        additionalProperties: false,
      },
      SessionTokens: {
        type: 'object',
        required: ['token', 'token_type', 'expires_in', 'refresh_token_expires_at', 'session_id'],
        properties: {
          token: { type: 'string', description: 'The access token (JWT)' },
          token_type: { const: 'Bearer' },
          expires_in: { type: 'integer', description: "Seconds until the access token expires" },
          refresh_token: { ...refreshToken, description: 'Absent in cookie mode. Single use: refresh returns its successor' },
          refresh_token_expires_at: { ...dateTime, description: 'Unless used; each refresh slides it, up to the session\'s cap' },
          session_id: { type: 'string', format: 'uuid' },
          device_token: {
            type: 'string',
            description:
              'From login only: keep it on this device and send it as `device_token` at its next login; failed logins from a known device count against that device, not against the name',
          },
        },
        additionalProperties: false,
      },
      Session: {
        type: 'object',
        required: ['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'ip', 'current'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          created_at: dateTime,
          last_used_at: { ...dateTime, description: 'The last refresh (or the login)' },
          expires_at: { ...dateTime, description: 'The cap however often it is refreshed' },
          user_agent: { type: ['string', 'null'] },
          ip: { type: 'string' },
          current: { type: 'boolean', description: "The session of the token that asked" },
        },
        additionalProperties: false,
      },
      ErrorEnvelope: {
        type: 'object',
        required: ['errors'],
        additionalProperties: false,
        properties: {
          errors: {
            type: 'object',
            required: ['code', 'type', 'status', 'message', 'reason', 'details', 'instance'],
            additionalProperties: false,
            properties: {
              code: { type: 'string', enum: Object.keys(ERROR_STATUS), examples: ['NOT_FOUND'] },
              type: { type: 'string', examples: ['not_found'] },
              status: { type: 'integer' },
              message: { type: 'string' },
              reason: { type: ['string', 'null'] },
              details: { type: ['object', 'null'], additionalProperties: { type: 'array', items: { type: 'string' } } },
              instance: { type: 'string', description: '`<path>#<request id>`; the id is also in X-Request-Id' },
              current: { ...ref('Task'), description: 'On 412: the task as it is now' },
            },
          },
        },
      },
    },
  },
  paths: {
    '/auth/signup': {
      post: {
        summary: 'Create an account',
        operationId: 'signup',
        tags: ['auth'],
        security: PUBLIC,
        requestBody: body({
          type: 'object',
          required: ['username', 'email', 'password'],
          properties: {
            username: { type: 'string', pattern: `^[${USERNAME_CHARACTERS}]{${USERNAME_LENGTH.min},${USERNAME_LENGTH.max}}$` },
            email: { type: 'string', format: 'email', maxLength: EMAIL_MAX_LENGTH },
            password: { type: 'string', description: '8–72 bytes of UTF-8; not a common password' },
          },
        }),
        responses: {
          '201': { description: 'Created', content: json(messageBody({ user: ref('User') }, ['user'])) },
          '409': errorResponse('Username or email taken'),
          ...COMMON_ERRORS,
        },
      },
    },
    '/auth/login': {
      post: {
        summary: 'Start a session: an access token and a refresh token',
        operationId: 'login',
        tags: ['auth'],
        security: PUBLIC,
        parameters: [REFRESH_COOKIE_MODE],
        requestBody: body({
          type: 'object',
          required: ['password'],
          description: 'Exactly one of username and email',
          properties: {
            username: { type: 'string', maxLength: EMAIL_MAX_LENGTH },
            email: { type: 'string', maxLength: EMAIL_MAX_LENGTH },
            password: { type: 'string', description: 'At most 72 bytes of UTF-8' },
            device_token: { type: 'string', maxLength: DEVICE_TOKEN_MAX_LENGTH, description: 'The `device_token` an earlier login on this device returned' },
          },
        }),
        responses: {
          '200': {
            description: 'Logged in',
            headers: REFRESH_COOKIE_SET,
            content: json(ref('SessionTokens')),
          },
          '401': errorResponse('Invalid credentials (unknown user and wrong password alike)'),
          ...COMMON_ERRORS,
        },
      },
    },
    '/auth/refresh': {
      post: {
        summary: 'Trade a refresh token for a new pair (rotation)',
        operationId: 'refreshSession',
        tags: ['auth'],
        security: PUBLIC,
        description:
          'The token given dies. Presenting it again ends the whole session (theft is assumed), unless within the reuse grace ' +
          '(10 s by default) while its successor is unused: then that same successor comes back, for a client that lost the answer.',
        parameters: [REFRESH_COOKIE_MODE],
        requestBody: {
          required: false,
          description: 'Required unless in cookie mode',
          content: json({ type: 'object', required: ['refresh_token'], properties: { refresh_token: refreshToken } }),
        },
        responses: {
          '200': { description: 'Refreshed', headers: REFRESH_COOKIE_SET, content: json(ref('SessionTokens')) },
          '401': errorResponse('Unknown, reused or ended refresh token (`token invalid`), or expired (`token expired`)'),
          ...COMMON_ERRORS,
        },
      },
    },
    '/auth/logout': {
      post: {
        summary: 'End this session, or every session',
        operationId: 'logout',
        tags: ['auth'],
        security: bearer,
        requestBody: {
          required: false,
          content: json({ type: 'object', properties: { everywhere: { type: 'boolean', default: false, description: 'End all your sessions' } } }),
        },
        responses: {
          '200': { description: 'Logged out; clears the refresh cookie', content: json(messageBody(endedSessions, ['ended_sessions'])) },
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/auth/sessions': {
      get: {
        summary: 'Your sessions that can still be refreshed, most recently used first',
        operationId: 'listSessions',
        tags: ['auth'],
        security: bearer,
        responses: {
          '200': {
            description: 'Sessions',
            content: json({ type: 'object', required: ['sessions'], properties: { sessions: { type: 'array', items: ref('Session') } }, additionalProperties: false }),
          },
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/auth/sessions/{id}': {
      delete: {
        summary: 'End one of your sessions',
        operationId: 'revokeSession',
        tags: ['auth'],
        security: bearer,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'Revoked', content: json(messageBody({ session_id: { type: 'string', format: 'uuid' } }, ['session_id'])) },
          '404': errorResponse('Not one of your sessions'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/auth/change-password': {
      post: {
        summary: 'Change your password; ends every other session',
        operationId: 'changePassword',
        tags: ['auth'],
        security: bearer,
        description: 'A notice goes to your email. The session that asks stays.',
        requestBody: body({
          type: 'object',
          required: ['current_password', 'new_password'],
          properties: { current_password: { type: 'string' }, new_password: { type: 'string', description: '8–72 bytes of UTF-8; not a common password; not the current one' } },
        }),
        responses: {
          '200': { description: 'Changed', content: json(messageBody(endedSessions, ['ended_sessions'])) },
          ...AUTHENTICATED_ERRORS,
          '403': errorResponse('Wrong current password (`reason` wrong password), or a banned address'),
        },
      },
    },
    '/auth/delete-account': {
      post: {
        summary: 'Delete your account, its tasks and sessions, for good',
        operationId: 'deleteAccount',
        tags: ['auth'],
        security: bearer,
        description: 'A notice goes to the former email. Every token of the account stops working at once.',
        requestBody: body({ type: 'object', required: ['password'], properties: { password: { type: 'string' } } }),
        responses: {
          '200': { description: 'Deleted; clears the refresh cookie', content: json(messageBody()) },
          ...AUTHENTICATED_ERRORS,
          '403': errorResponse('Wrong password (`reason` wrong password), or a banned address'),
        },
      },
    },
    '/auth/forget-password': {
      post: {
        summary: 'Email a 6-digit reset code (same answer for unknown emails)',
        operationId: 'forgetPassword',
        tags: ['auth'],
        security: PUBLIC,
        requestBody: body({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } }),
        responses: {
          '200': { description: 'Requested', content: json(messageBody({ 'otp-token': { type: 'string' } }, ['otp-token'])) },
          ...COMMON_ERRORS,
        },
      },
    },
    '/auth/verify-otp': {
      post: {
        summary: 'Trade the emailed code for a reset token',
        operationId: 'verifyOtp',
        tags: ['auth'],
        security: bearer,
        description: 'Bearer: the otp-token from forget-password.',
        requestBody: body({
          type: 'object',
          required: ['email', 'otp'],
          properties: { email: { type: 'string', format: 'email' }, otp: { type: 'string', pattern: '^[0-9]{6}$' } },
        }),
        responses: {
          '200': {
            description: 'Verified',
            content: json({ type: 'object', required: ['reset-token'], properties: { 'reset-token': { type: 'string' } }, additionalProperties: false }),
          },
          ...AUTHENTICATED_ERRORS,
          '401': errorResponse('Invalid OTP, or a token problem (`reason`)'),
          '403': errorResponse('The email is not the one the otp-token was issued for, or a banned address'),
        },
      },
    },
    '/auth/reset-password': {
      post: {
        summary: 'Set a new password; ends every session',
        operationId: 'resetPassword',
        tags: ['auth'],
        security: bearer,
        description: 'Bearer: the reset-token from verify-otp (10 minutes, single use).',
        requestBody: body({ type: 'object', required: ['new_password'], properties: { new_password: { type: 'string' } } }),
        responses: {
          '200': { description: 'Reset', content: json(messageBody()) },
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/tasks': {
      get: {
        summary: 'List your tasks (keyset pages in id order)',
        operationId: 'listTasks',
        tags: ['tasks'],
        security: bearer,
        parameters: [
          {
            name: 'completion',
            in: 'query',
            schema: { type: 'boolean' },
            description: 'true or false (the legacy spellings 1, 0, yes and no are accepted too)',
          },
          { name: 'title', in: 'query', schema: { type: 'string' }, description: 'Exact title' },
          { name: 'after', in: 'query', schema: { type: 'string' }, description: 'Created at or after: YYYY-MM-DD (UTC day) or date-time' },
          { name: 'before', in: 'query', schema: { type: 'string' }, description: 'Created before: YYYY-MM-DD (end of that UTC day) or date-time' },
          { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`next_cursor` of the previous page' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
        ],
        responses: {
          '200': {
            description: 'A page (possibly empty)',
            content: json({
              type: 'object',
              required: ['data', 'pagination', 'meta'],
              additionalProperties: false,
              properties: {
                data: { type: 'array', items: ref('Task') },
                pagination: {
                  type: 'object',
                  required: ['next_cursor', 'has_more', 'limit', 'total_returned'],
                  additionalProperties: false,
                  properties: {
                    next_cursor: { type: ['string', 'null'] },
                    has_more: { type: 'boolean' },
                    limit: { type: 'integer' },
                    total_returned: { type: 'integer' },
                  },
                },
                meta: { type: 'object', required: ['version'], properties: { version: { const: '1.0' } } },
              },
            }),
          },
          ...AUTHENTICATED_ERRORS,
        },
      },
      post: {
        summary: 'Create a task (written durably before the answer)',
        operationId: 'createTask',
        tags: ['tasks'],
        security: bearer,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: { type: 'string', pattern: '^[\\x20-\\x7e]{1,255}$' },
            description:
              'Makes the create safe to retry: a repeat with the same key within 24 hours answers what the first did (with `Idempotent-Replayed: true`) and creates nothing. ' +
              'The key is stored with the task, in one transaction.',
          },
        ],
        requestBody: body({ type: 'object', required: ['title', 'description'], properties: taskFields, additionalProperties: false }),
        responses: {
          '201': {
            description: 'Created (or, for a repeated Idempotency-Key, what the first request created)',
            headers: { ...ETAG, 'Idempotent-Replayed': { schema: { const: 'true' }, description: 'This answer is the one stored for the key' } },
            content: json(messageBody({ task_id: { type: 'integer' }, task: ref('Task') }, ['task_id', 'task'])),
          },
          '409': errorResponse('A request with this Idempotency-Key is still in progress'),
          '422': errorResponse('This Idempotency-Key was used with another body'),
          ...AUTHENTICATED_ERRORS,
        },
      },
      delete: {
        summary: 'Delete all your tasks',
        operationId: 'deleteAllTasks',
        tags: ['tasks'],
        security: bearer,
        responses: {
          '200': { description: 'Deleted (possibly none)', content: json(messageBody({ deleted: { type: 'integer' } }, ['deleted'])) },
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/tasks/changes': {
      get: {
        summary: 'What changed in your tasks, in commit order (the change feed)',
        operationId: 'listTaskChanges',
        tags: ['tasks'],
        security: bearer,
        description:
          'Creates, updates and deletes (tombstones) after `cursor`, oldest first; none is ever skipped. Without a cursor, from the ' +
          'start of what is kept (CHANGE_RETENTION, 30 days). A cursor older than that is 410: read the head cursor, list your ' +
          'tasks again, then follow from it.',
        parameters: [
          { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`next_cursor` (or a change\'s `cursor`) of an earlier page, or the head cursor' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
        ],
        responses: {
          '200': {
            description: 'A page of changes (possibly empty)',
            content: json({
              type: 'object',
              required: ['changes', 'next_cursor', 'has_more'],
              properties: {
                changes: { type: 'array', items: ref('TaskChange') },
                next_cursor: { type: 'string', description: 'Resume from here (the cursor given, when no change followed it)' },
                has_more: { type: 'boolean' },
              },
              additionalProperties: false,
            }),
          },
          '410': errorResponse('The cursor is older than the changes kept (reason `cursor expired`)'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/tasks/changes/head': {
      get: {
        summary: 'The cursor of your latest change',
        operationId: 'taskChangesHead',
        tags: ['tasks'],
        security: bearer,
        description: 'Take it before listing your tasks, then follow /tasks/changes from it: nothing is missed in between.',
        responses: {
          '200': { description: 'The head', content: json({ type: 'object', required: ['cursor'], properties: { cursor: { type: 'string' } }, additionalProperties: false }) },
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/tasks/{id}': {
      parameters: [taskId],
      get: {
        summary: 'One of your tasks',
        operationId: 'getTask',
        tags: ['tasks'],
        security: bearer,
        parameters: [IF_NONE_MATCH],
        responses: {
          '200': { description: 'The task', headers: ETAG, content: json(ref('Task')) },
          '304': { description: 'Not modified: If-None-Match names its current version', headers: ETAG },
          '404': errorResponse('No such task of yours'),
          ...AUTHENTICATED_ERRORS,
        },
      },
      put: {
        summary: 'Change some fields of a task',
        operationId: 'updateTask',
        tags: ['tasks'],
        security: bearer,
        // A legacy caller may send back the read-only fields as it got them (they must be unchanged).
        parameters: [IF_MATCH],
        requestBody: body({ type: 'object', minProperties: 1, properties: { ...taskFields, ...readOnlyEcho }, additionalProperties: false }),
        responses: {
          '200': { description: 'Updated', headers: ETAG, content: json(messageBody({ task: ref('Task') }, ['task'])) },
          '404': errorResponse('No such task of yours'),
          '412': STALE,
          ...AUTHENTICATED_ERRORS,
        },
      },
      delete: {
        summary: 'Delete a task',
        operationId: 'deleteTask',
        tags: ['tasks'],
        security: bearer,
        parameters: [IF_MATCH],
        responses: { '200': { description: 'Deleted', content: json(messageBody()) }, '404': errorResponse('No such task of yours'), '412': STALE, ...AUTHENTICATED_ERRORS },
      },
    },
  },
} as const;

/** Where the committed copy lives (for generators, linters and readers without a server). */
export const OPENAPI_FILE = 'docs/openapi.json';

export const printOpenApiDocument = () => `${JSON.stringify(openApiDocument, null, 2)}\n`;
