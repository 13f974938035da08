import { openApiDocument } from './openapi.js';

const TEMPLATES = Object.keys(openApiDocument.paths);
// Most paths are a template as it is: one lookup. Only the few with parameters need a pattern.
const FIXED = new Set(TEMPLATES.filter((template) => !template.includes('{')));
const PARAMETERIZED = TEMPLATES.filter((template) => template.includes('{')).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

const templateOf = (rest: string): string | undefined =>
  FIXED.has(rest) ? rest : PARAMETERIZED.find(({ pattern }) => pattern.test(rest))?.template;

/** A REST path's documented template (`/tasks/{id}`) under its base (`/api` or `/api/v1`). */
export function matchRestPath(path: string): { base: string; template: string | undefined; rest: string } | undefined {
  const match = /^(\/api(?:\/v1)?)(\/.*)$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  // Express routes `/tasks/` as `/tasks`; so must the template lookup.
  const rest = match[2].length > 1 ? match[2].replace(/\/$/, '') : match[2];
  return { base: match[1], template: templateOf(rest), rest };
}

const FIXED_ROUTES = new Set(['/health', '/ready', '/metrics', '/graphql', '/api/openapi.json']);

/**
 * The route a path belongs to, for logs and metric labels: a known pattern, never the raw
 * path, so ids and junk paths cannot multiply label values.
 */
export function routeTemplate(path: string): string {
  if (FIXED_ROUTES.has(path)) return path;
  const rest = matchRestPath(path);
  if (rest?.template) return `${rest.base}${rest.template}`;
  if (rest?.rest.startsWith('/docs')) return '/api/docs';
  return 'unmatched';
}
