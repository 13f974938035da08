import type { Request } from 'express';
import { AppError, type ErrorDetails } from '../../errors/app-error.js';
import { type ListTasksInput, TASK_ORDER_FIELDS, type TaskOrderField } from '../../services/tasks/task.validation.js';

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const MS_PER_DAY = 86_400_000;

type Edge = 'start' | 'end';

/**
 * `YYYY-MM-DD` is a whole UTC day: as `after` it starts at 00:00, as `before` it
 * ends at the next midnight (exclusive). A full date-time is taken as it is.
 */
function parseBound(text: string, edge: Edge): Date | undefined {
  if (DAY.test(text)) {
    const start = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== text) return undefined;
    return edge === 'start' ? start : new Date(start.getTime() + MS_PER_DAY);
  }
  if (!DATE_TIME.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads a query's parameters once each, collecting what is wrong with them. A parameter the
 * route does not take is refused by name, not ignored: `?priority=high` must not answer
 * every task as if it had filtered them.
 */
function queryOf(req: Request, accepted: readonly string[]) {
  const details: ErrorDetails = {};
  const fail = (name: string, message: string) => (details[name] ??= []).push(message);
  // Read once: Express 5 parses the query string again on every read of req.query.
  const query = req.query;
  for (const name of Object.keys(query)) {
    if (!accepted.includes(name)) fail(name, `is not a parameter of this route (it takes ${accepted.join(', ')})`);
  }
  const param = (name: string): string | undefined => {
    const value: unknown = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      fail(name, 'must be given once');
      return undefined;
    }
    return value;
  };
  const limit = (): number | undefined => {
    const text = param('limit');
    const value = text === undefined ? undefined : /^\d{1,4}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(value)) fail('limit', 'must be a whole number between 1 and 100');
    return value;
  };
  /** 400 naming each bad parameter, if any. */
  const assertValid = () => {
    const names = Object.keys(details);
    if (names.length > 0) {
      const unknown = names.filter((name) => !accepted.includes(name));
      const message =
        unknown.length > 0
          ? `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (this route takes ${accepted.join(', ')})`
          : 'Invalid query parameters';
      throw new AppError('BAD_REQUEST', { message, reason: 'invalid query', details });
    }
  };
  return { param, fail, limit, assertValid };
}

/** What `GET /tasks` takes. */
export const LIST_PARAMETERS = [
  'completion',
  'title',
  'after',
  'before',
  'priority',
  'due_after',
  'due_before',
  'overdue',
  'has_due_date',
  'updated_after',
  'assignee_id',
  'q',
  'sort',
  'project_id',
  'total_count',
  'cursor',
  'limit',
] as const;

const POSITIVE_ID = /^[1-9]\d{0,9}$/;

/** Turns `GET /tasks` query parameters into the service's list input; 400 naming each bad one. */
export function parseTaskListQuery(req: Request): ListTasksInput {
  const { param, fail, limit, assertValid } = queryOf(req, LIST_PARAMETERS);
  const filter: NonNullable<ListTasksInput['filter']> = {};
  const yesOrNo = (name: string): boolean | undefined => {
    const text = param(name);
    if (text === undefined) return undefined;
    const value = BOOLEAN_WORDS[text.toLowerCase()];
    if (value === undefined) fail(name, 'must be true, false, 1, 0, yes or no');
    return value;
  };
  const id = (name: string): number | undefined => {
    const text = param(name);
    if (text === undefined) return undefined;
    if (!POSITIVE_ID.test(text)) fail(name, 'must be a positive integer id');
    return Number(text);
  };
  filter.completion = yesOrNo('completion');
  filter.title = param('title');
  for (const [name, edge, key] of [
    ['after', 'start', 'createdAfter'],
    ['before', 'end', 'createdBefore'],
    ['due_after', 'start', 'dueAfter'],
    ['due_before', 'end', 'dueBefore'],
    ['updated_after', 'start', 'updatedAfter'],
  ] as const) {
    const text = param(name);
    if (text === undefined) continue;
    filter[key] = parseBound(text, edge);
    if (filter[key] === undefined) fail(name, 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time');
  }
  // A comma list (`high,medium`); the service says what a wrong one is.
  filter.priority = param('priority')?.split(',') as NonNullable<ListTasksInput['filter']>['priority'];
  filter.overdue = yesOrNo('overdue');
  filter.hasDueDate = yesOrNo('has_due_date');
  filter.assigneeId = id('assignee_id');
  filter.search = param('q');
  const orderBy = sortOf(param('sort'), fail);
  const projectId = id('project_id');
  const withTotalCount = yesOrNo('total_count');
  const pageSize = limit();
  assertValid();
  return { filter, orderBy, limit: pageSize, cursor: param('cursor'), ...(projectId === undefined ? {} : { projectId }), withTotalCount };
}

/**
 * `sort=due_date` ascending, `sort=-due_date` descending (JSON:API's form). A wrong field is
 * refused here, in REST's words (the leading `-` is REST's alone); the service checks it again.
 */
function sortOf(text: string | undefined, fail: (name: string, message: string) => void): ListTasksInput['orderBy'] {
  if (text === undefined) return undefined;
  const descending = text.startsWith('-');
  const field = descending ? text.slice(1) : text;
  if (!(TASK_ORDER_FIELDS as readonly string[]).includes(field)) {
    fail('sort', `must be one of ${TASK_ORDER_FIELDS.join(', ')}, each ascending or with a leading - for descending`);
    return undefined;
  }
  return { field: field as TaskOrderField, direction: descending ? 'desc' : 'asc' };
}

/** A plain page's query parameters: `cursor` and `limit`. */
export function parsePageQuery(req: Request): { cursor: string | undefined; limit: number | undefined } {
  const { param, limit, assertValid } = queryOf(req, ['cursor', 'limit']);
  const query = { cursor: param('cursor'), limit: limit() };
  assertValid();
  return query;
}

/** `GET /tasks/changes` query parameters: `cursor` and `limit`. */
export const parseChangesQuery = parsePageQuery;

/** An id path segment of `what` (Task, Project, User): a positive integer, else 400. */
export function parsePathId(text: unknown, what: string): number {
  const id = typeof text === 'string' && /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) {
    throw new AppError('BAD_REQUEST', {
      message: `${what} id must be a positive integer`,
      reason: 'invalid id',
      details: { id: ['must be a positive integer'] },
    });
  }
  return id;
}

/** A task's `:id` path segment. */
export const parseTaskId = (text: unknown): number => parsePathId(text, 'Task');
