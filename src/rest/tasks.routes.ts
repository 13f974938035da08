import { Router } from 'express';
import type { AccessTokens } from '../services/auth/access-tokens.js';
import type { TaskService } from '../services/task.service.js';
import { authenticate, callerOf } from './authenticate.js';
import { parseTaskId, parseTaskListQuery } from './task-query.js';
import { jsonBody, presentTask } from './wire-format.js';

export function taskRoutes(tasks: TaskService, tokens: AccessTokens): Router {
  const router = Router();
  router.use(authenticate(tokens));

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
    const task = await tasks.create(callerOf(res), jsonBody(req));
    res.status(201).json({ message: 'Task created', task_id: task.id, task: presentTask(task) });
  });

  router.delete('/', async (_req, res) => {
    const deleted = await tasks.deleteAll(callerOf(res));
    res.json({ message: 'All tasks deleted', deleted: deleted.length });
  });

  router.get('/:id', async (req, res) => {
    res.json(presentTask(await tasks.get(callerOf(res), parseTaskId(req.params.id))));
  });

  router.put('/:id', async (req, res) => {
    const task = await tasks.update(callerOf(res), parseTaskId(req.params.id), jsonBody(req));
    res.json({ message: 'Task updated', task: presentTask(task) });
  });

  router.delete('/:id', async (req, res) => {
    const id = parseTaskId(req.params.id);
    await tasks.delete(callerOf(res), id);
    res.json({ message: `Task with id ${id} deleted` });
  });

  return router;
}
