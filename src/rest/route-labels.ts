import type { Router } from 'express';

/** The routes outside the REST router that logs and metrics name as they are. */
const FIXED_ROUTES = ['/health', '/ready', '/metrics', '/graphql', '/graphiql', '/api/openapi.json'];

/**
 * Names the route a path belongs to, for logs and metric labels (`/api/tasks/{id}`): a
 * pattern the REST router itself registered, never the raw path, so ids and junk paths
 * cannot multiply label values. Read from the router's own table once; worked out from the
 * path, because Express forgets `req.route` when a route's middleware fails (a 401).
 */
export function routeLabeller(router: Router): (path: string) => string {
  const registered = router.stack.flatMap((layer) => {
    const path: unknown = layer.route?.path;
    return Array.isArray(path) ? path : typeof path === 'string' ? [path] : [];
  }) as string[];
  // `:id` as OpenAPI writes it, `{id}`: the labels read like the document's paths.
  const labels = [...FIXED_ROUTES, ...registered].map((pattern) => pattern.replace(/:(\w+)/g, '{$1}'));
  const fixed = new Set(labels.filter((label) => !label.includes('{')));
  const parameterized = labels
    .filter((label) => label.includes('{'))
    .map((label) => ({ label, pattern: new RegExp(`^${label.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  return (path) => {
    // Express routes `/tasks/` as `/tasks`; so must the lookup.
    const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
    if (fixed.has(bare)) return bare;
    const match = parameterized.find(({ pattern }) => pattern.test(bare));
    if (match) return match.label;
    if (/^\/api(\/v1)?\/docs(\/|$)/.test(bare)) return '/api/docs';
    if (bare.startsWith('/graphiql/assets/')) return '/graphiql/assets';
    return 'unmatched';
  };
}
