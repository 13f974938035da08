import type { Router } from 'express';
import type { AccessTokens } from '../../services/auth/access-tokens.js';
import type { TaskService } from '../../services/tasks/task.service.js';
import { at } from '../rest-paths.js';
import { authenticate, callerOf } from '../authenticate.js';
import type { TaskChangeService } from '../../services/task-changes/task-change.service.js';
import { parseChangesQuery, parseTaskId, parseTaskListQuery } from './task-query.js';
import { ifMatchOf, isNotModified, setEtag } from './entity-tags.js';
import { jsonBody, presentTask, presentTaskChange, sendJson } from '../wire-format.js';

export interface TaskRouteServices {
  tasks: TaskService;
  taskChanges: TaskChangeService;
  tokens: AccessTokens;
}

/** The task routes, under `/tasks`: each for a logged-in caller only. */
export function taskRoutes(router: Router, { tasks, taskChanges: changes, tokens }: TaskRouteServices): void {
  const loggedIn = authenticate(tokens);

  // Before `/:id`, which would take `changes` for an id.
  router.get(at('/tasks/changes'), loggedIn, async (req, res) => {
    const page = await changes.page(callerOf(res), parseChangesQuery(req));
    sendJson(res, { changes: page.changes.map(presentTaskChange), next_cursor: page.endCursor, has_more: page.hasMore });
  });

  router.get(at('/tasks/changes/head'), loggedIn, async (_req, res) => {
    sendJson(res, { cursor: await changes.head(callerOf(res)) });
  });

  router.get(at('/tasks'), loggedIn, async (req, res) => {
    const page = await tasks.list(callerOf(res), parseTaskListQuery(req));
    sendJson(res, {
      data: page.tasks.map(presentTask),
      pagination: {
        next_cursor: page.hasMore ? page.endCursor : null,
        has_more: page.hasMore,
        limit: page.limit,
        total_returned: page.tasks.length,
        ...(page.totalCount === undefined ? {} : { total_count: page.totalCount }),
      },
      meta: { version: '1.0' },
    });
  });

  router.post(at('/tasks'), loggedIn, async (req, res) => {
    const { task, replayed } = await tasks.create(callerOf(res), jsonBody(req), req.get('idempotency-key'));
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    setEtag(res, task);
    sendJson(res, { message: 'Task created', task_id: task.id, task: presentTask(task) }, 201);
  });

  router.delete(at('/tasks'), loggedIn, async (_req, res) => {
    const deleted = await tasks.deleteAll(callerOf(res));
    sendJson(res, { message: 'All tasks deleted', deleted: deleted.length });
  });

  router.get(at('/tasks/:id'), loggedIn, async (req, res) => {
    const task = await tasks.get(callerOf(res), parseTaskId(req.params.id));
    setEtag(res, task);
    if (isNotModified(req, task)) {
      res.status(304).end();
      return;
    }
    sendJson(res, presentTask(task));
  });

  router.put(at('/tasks/:id'), loggedIn, async (req, res) => {
    const task = await tasks.update(callerOf(res), parseTaskId(req.params.id), jsonBody(req), ifMatchOf(req));
    setEtag(res, task);
    sendJson(res, { message: 'Task updated', task: presentTask(task) });
  });

  router.delete(at('/tasks/:id'), loggedIn, async (req, res) => {
    const id = parseTaskId(req.params.id);
    await tasks.delete(callerOf(res), id, ifMatchOf(req));
    sendJson(res, { message: `Task with id ${id} deleted` });
  });
}
