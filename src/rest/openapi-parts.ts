import { ERROR_STATUS } from '../errors/app-error.js';

/** The pieces every part of the OpenAPI document is written with. */

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object) => ({ 'application/json': { schema } });
export const dateTime = { type: 'string', format: 'date-time', examples: ['2026-12-01T17:00:00Z'] };

export const errorResponse = (description: string) => ({ description, content: json(ref('ErrorEnvelope')) });
export const COMMON_ERRORS = {
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
export const AUTHENTICATED_ERRORS = {
  ...COMMON_ERRORS,
  '401': errorResponse('Missing, invalid or expired token (`reason` says which)'),
  '403': errorResponse("Banned address, the task quota is reached, or your role in the task's project does not allow the write"),
};
export const bearer = [{ bearerAuth: [] }];
// Public routes say so: the document's default is the bearer token.
export const PUBLIC: never[] = [];
export const messageBody = (extra: Record<string, object> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['message', ...required],
  properties: { message: { type: 'string' }, ...extra },
  additionalProperties: false,
});
export const body = (schema: object) => ({ required: true, content: json(schema) });

/** The one error body of every route (docs/rest-contract.md). */
export const ERROR_SCHEMAS = {
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
};
