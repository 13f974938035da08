import { Router } from 'express';
import type { Services } from '../services/create-services.js';
import { authRoutes } from './auth/auth.routes.js';
import { projectRoutes } from './projects/project.routes.js';
import { taskRoutes } from './tasks/task.routes.js';

/**
 * The legacy REST API as one flat router: every route registered with its full paths under
 * `/api` and `/api/v1`, so a request is matched once, with no nested mounts rewriting its URL
 * on the way in and out.
 */
export function restApi(services: Services): Router {
  const router = Router();
  // Routes are tried in the order they are added: the task routes, the busiest, first.
  taskRoutes(router, services);
  authRoutes(router, services);
  projectRoutes(router, services);
  return router;
}
