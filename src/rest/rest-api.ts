import { Router } from 'express';
import type { Services } from '../services/create-services.js';
import { authRoutes } from './auth.routes.js';
import { taskRoutes } from './tasks.routes.js';

/** The legacy REST API, mounted by the app under `/api` and `/api/v1`. */
export function restApi(services: Services): Router {
  const router = Router();
  router.use('/auth', authRoutes(services));
  router.use('/tasks', taskRoutes(services.tasks, services.taskChanges, services.tokens));
  return router;
}
