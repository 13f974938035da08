import { Router } from 'express';
import type { Services } from '../services/create-services.js';
import { authRoutes } from './auth.routes.js';
import { taskRoutes } from './tasks.routes.js';

/** Where legacy callers find the API: both bases answer alike. */
const BASES = ['/api', '/api/v1'];

/** A route's paths under every base (`/tasks/:id` → `/api/tasks/:id`, `/api/v1/tasks/:id`). */
export type RestPaths = (path: string) => string[];

/**
 * The legacy REST API as one flat router: every route registered with its full paths, so a
 * request is matched once, with no nested mounts rewriting its URL on the way in and out.
 */
export function restApi(services: Services): Router {
  const router = Router();
  const at: RestPaths = (path) => BASES.map((base) => `${base}${path}`);
  // Routes are tried in the order they are added: the task routes, the busiest, first.
  taskRoutes(router, at, services);
  authRoutes(router, at, services);
  return router;
}
