import { Router } from 'express';
import type { AccessTokens } from '../services/auth/access-tokens.js';
import type { TaskService } from '../services/task.service.js';
import { authenticate, callerOf } from './authenticate.js';
import type { TaskChangeService } from '../services/task-change.service.js';
import { parseChangesQuery, parseTaskId, parseTaskListQuery } from './task-query.js';
import { ifMatchOf, isNotModified, setEtag } from './entity-tags.js';
import { jsonBody, presentTask, presentTaskChange } from './wire-format.js';

export function taskRoutes(tasks: TaskService, changes: TaskChangeService, tokens: AccessTokens): Router {
  const router = Router();
  router.use(authenticate(tokens));

  // Before `/:id`, which would take `changes` for an id.
  router.get('/changes', async (req, res) => {
    const page = await changes.page(callerOf(res), parseChangesQuery(req));
    res.json({ changes: page.changes.map(presentTaskChange), next_cursor: page.endCursor, has_more: page.hasMore });
  });

  router.get('/changes/head', async (_req, res) => {
    res.json({ cursor: await changes.head(callerOf(res)) });
  });

  router.get('/', async (req, res) => {
    const page = await tasks.list(callerOf(res), parseTaskListQuery(req));
    res.json({
      data: page.tasks.map(presentTask),
      pagination: {
        next_cursor: page.hasMore ? page.endCursor : null,
        has_more: page.hasMore,
        limit: page.limit,
        total_returned: page.tasks.length,
      },
      meta: { version: '1.0' },
    });
  });

  router.post('/', async (req, res) => {
    const { task, replayed } = await tasks.create(callerOf(res), jsonBody(req), req.get('idempotency-key'));
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    setEtag(res, task);
    res.status(201).json({ message: 'Task created', task_id: task.id, task: presentTask(task) });
  });

  router.delete('/', async (_req, res) => {
    const deleted = await tasks.deleteAll(callerOf(res));
    res.json({ message: 'All tasks deleted', deleted: deleted.length });
  });

  router.get('/:id', async (req, res) => {
    const task = await tasks.get(callerOf(res), parseTaskId(req.params.id));
    setEtag(res, task);
    if (isNotModified(req, task)) {
      res.status(304).end();
      return;
    }
    res.json(presentTask(task));
  });

  router.put('/:id', async (req, res) => {
    const task = await tasks.update(callerOf(res), parseTaskId(req.params.id), jsonBody(req), ifMatchOf(req));
    setEtag(res, task);
    res.json({ message: 'Task updated', task: presentTask(task) });
  });

  router.delete('/:id', async (req, res) => {
    const id = parseTaskId(req.params.id);
    await tasks.delete(callerOf(res), id, ifMatchOf(req));
    res.json({ message: `Task with id ${id} deleted` });
  });

  return router;
}
