import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './openapi.js';

/** `/openapi.json` (the document) and `/docs` (Swagger UI over it, served from our own assets). */
export function restDocs(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument, { customSiteTitle: 'Task Manager API — REST' }));
  return router;
}
