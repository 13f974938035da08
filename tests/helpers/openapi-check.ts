import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../../src/rest/openapi.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: object }> }> }>> };
const doc = openApiDocument as unknown as Doc;
const compiled = new Map<object, ValidateFunction>();

/** Compiles a response schema with the document's components beside it, so `#/components/…` resolves. */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: openApiDocument.components });
    compiled.set(schema, validate);
  }
  return validate;
}

const ERROR_ENVELOPE = { $ref: '#/components/schemas/ErrorEnvelope' };

const TEMPLATES = Object.keys(openApiDocument.paths);
const FIXED = new Set(TEMPLATES.filter((template) => !template.includes('{')));
const PARAMETERIZED = TEMPLATES.filter((template) => template.includes('{')).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** A REST path's documented template (`/tasks/{id}`) under its base (`/api` or `/api/v1`). */
function matchRestPath(path: string): { template: string | undefined; rest: string } | undefined {
  const match = /^(\/api(?:\/v1)?)(\/.*)$/.exec(path);
  if (!match?.[2]) return undefined;
  // Express routes `/tasks/` as `/tasks`; so must the template lookup.
  const rest = match[2].length > 1 ? match[2].replace(/\/$/, '') : match[2];
  return { template: FIXED.has(rest) ? rest : PARAMETERIZED.find(({ pattern }) => pattern.test(rest))?.template, rest };
}

/**
 * Checks one real REST response against the OpenAPI document: the route and status must be
 * documented and the body must match its schema. Returns what is wrong, or undefined.
 */
export function checkRestResponse(method: string, url: string, status: number, body: unknown): string | undefined {
  const match = matchRestPath(url.split('?')[0] ?? '');
  const path = match?.rest ?? url;
  if (path === '/openapi.json' || path.startsWith('/docs')) return undefined;
  const template = match?.template;
  const responses = template ? doc.paths[template]?.[method.toLowerCase()]?.responses : undefined;
  // Unknown routes answer the generic 404 envelope; an unknown method on a known path may
  // be refused earlier (401 without a token), in the envelope too; so may a path that does
  // not decode (400 `malformed url`), whatever route it was meant for.
  const malformedUrl = status === 400 && (body as { errors?: { reason?: unknown } })?.errors?.reason === 'malformed url';
  const generic = malformedUrl || (responses === undefined && (status === 404 || (template !== undefined && status >= 400 && status < 500)));
  const documented = responses?.[String(status)];
  // A documented answer without content (304) must come without a body.
  if (!generic && documented && !documented.content) return body === '' ? undefined : `status ${status} must have no body`;
  const schema = generic ? ERROR_ENVELOPE : documented?.content?.['application/json']?.schema;
  if (!schema) return `status ${status} is not documented for ${method} ${template ?? path}`;
  const validate = validatorFor(schema);
  return validate(body) ? undefined : ajv.errorsText(validate.errors);
}
