import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../services/page-size.js';
import {
  DESCRIPTION_MAX_CHARS,
  SEARCH_MAX_CHARS,
  SEARCH_MAX_WORDS,
  TASK_ORDER_FIELDS,
  TASK_PRIORITIES,
  TITLE_MAX_CHARS,
} from '../../services/tasks/task.validation.js';
import { AUTHENTICATED_ERRORS, bearer, body, dateTime, errorResponse, json, messageBody, ref } from '../openapi-parts.js';

/** The OpenAPI description of the task routes (task.routes.ts). */

const taskId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const ETAG = { ETag: { schema: { type: 'string', examples: ['"v3"'] }, description: "The task's version as an entity tag" } };
const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  schema: { type: 'string', examples: ['"v3"'] },
  description:
    'Write only while the task is at this version (its ETag); 412 with the task as it is otherwise. Without it, writes go ahead whatever the version.',
};
const IF_NONE_MATCH = { name: 'If-None-Match', in: 'header', schema: { type: 'string' }, description: 'An ETag you hold: 304 when the task is still at it' };
const STALE = errorResponse('If-Match names another version: `current` holds the task as it is now');
const readOnlyEcho = {
  id: { type: 'integer', description: 'Ignored when it equals the stored value; refused otherwise' },
  created_at: { ...dateTime, description: 'Ignored when it equals the stored value; refused otherwise' },
  updated_at: { ...dateTime, description: 'Ignored when it equals the stored value; refused otherwise' },
  version: {
    type: 'integer',
    minimum: 1,
    description: 'The version you last saw: the update applies only while the task is still at it (as If-Match), else 412',
  },
};

const taskFields = {
  title: { type: 'string', minLength: 1, maxLength: TITLE_MAX_CHARS, description: 'Trimmed' },
  description: { type: 'string', maxLength: DESCRIPTION_MAX_CHARS },
  completion: { type: 'boolean' },
  priority: { type: 'string', enum: [...TASK_PRIORITIES] },
  due_date: { ...dateTime, type: ['string', 'null'] },
};
const assignee = { type: ['integer', 'null'], description: "A member of the task's project (a user id); null: no one. Only a project's task has one" };
const projectTaskFields = {
  project_id: { type: ['integer', 'null'], description: 'The project it belongs to (only a project task carries this field)' },
  assignee_id: assignee,
};

export const TASK_SCHEMAS = {
  Task: {
    type: 'object',
    required: ['id', 'title', 'description', 'completion', 'priority', 'due_date', 'version', 'created_at', 'updated_at'],
    properties: {
      id: { type: 'integer' },
      ...taskFields,
      version: { type: 'integer', minimum: 1 },
      created_at: dateTime,
      updated_at: dateTime,
      ...projectTaskFields,
    },
    additionalProperties: false,
  },
  TaskChange: {
    type: 'object',
    required: ['cursor', 'kind', 'task_id', 'project_id', 'version', 'changed_at', 'task'],
    properties: {
      cursor: { type: 'string', description: 'Resume after this change' },
      kind: {
        type: 'string',
        enum: ['created', 'updated', 'deleted', 'project_joined', 'project_left'],
        description: "project_joined: list the project's tasks (GET /tasks?project_id=); project_left: drop them, none of its changes follow",
      },
      task_id: { type: ['integer', 'null'], description: 'null for project_joined and project_left' },
      project_id: { type: ['integer', 'null'], description: 'The project of the task, or the one joined or left; null for a task of your own' },
      version: { type: 'integer', minimum: 0, description: 'The version the change made (a delete: the last one; 0 for a membership change)' },
      changed_at: dateTime,
      task: { oneOf: [ref('Task'), { type: 'null' }], description: 'The task as it is now; null once deleted' },
    },
    additionalProperties: false,
  },
};

export const TASK_PATHS = {
  '/tasks': {
    get: {
      summary: 'List your tasks (keyset pages in id order)',
      operationId: 'listTasks',
      tags: ['tasks'],
      security: bearer,
      parameters: [
        {
          name: 'completion',
          in: 'query',
          schema: { type: 'boolean' },
          description: 'true or false (the legacy spellings 1, 0, yes and no are accepted too)',
        },
        { name: 'title', in: 'query', schema: { type: 'string' }, description: 'Exact title' },
        { name: 'after', in: 'query', schema: { type: 'string' }, description: 'Created at or after: YYYY-MM-DD (UTC day) or date-time' },
        { name: 'before', in: 'query', schema: { type: 'string' }, description: 'Created before: YYYY-MM-DD (end of that UTC day) or date-time' },
        {
          name: 'priority',
          in: 'query',
          schema: { type: 'string', examples: ['high', 'high,medium'] },
          description: `Any of these priorities, comma-separated (${TASK_PRIORITIES.join(', ')})`,
        },
        { name: 'due_after', in: 'query', schema: { type: 'string' }, description: 'Due at or after: YYYY-MM-DD (UTC day) or date-time' },
        { name: 'due_before', in: 'query', schema: { type: 'string' }, description: 'Due before: YYYY-MM-DD (end of that UTC day) or date-time' },
        { name: 'overdue', in: 'query', schema: { type: 'boolean' }, description: 'Past due and not done (true), or anything else (false)' },
        { name: 'has_due_date', in: 'query', schema: { type: 'boolean' }, description: 'With a due date (true) or without (false)' },
        { name: 'updated_after', in: 'query', schema: { type: 'string' }, description: 'Changed at or after: YYYY-MM-DD (UTC day) or date-time' },
        { name: 'assignee_id', in: 'query', schema: { type: 'integer', minimum: 1 }, description: "A project's tasks assigned to this member" },
        {
          name: 'q',
          in: 'query',
          schema: { type: 'string', maxLength: SEARCH_MAX_CHARS, examples: ['quarterly report'] },
          description: `Full-text search of title and description: each word (up to ${SEARCH_MAX_WORDS}) as the start of a word, in any form ("plan" finds "planning"); blank: no search`,
        },
        {
          name: 'sort',
          in: 'query',
          schema: {
            type: 'string',
            enum: TASK_ORDER_FIELDS.flatMap((field) => [field, `-${field}`]),
            default: 'id',
          },
          description:
            'The order: a field, ascending, or with a leading `-` descending; ties go by id. `due_date`: tasks without one last (first descending); `title` ignores case; `relevance` (needs `q`): best match first. Every order pages at the same cost; a cursor works only with the order and filters it came from',
        },
        {
          name: 'project_id',
          in: 'query',
          schema: { type: 'integer', minimum: 1 },
          description: "A project's tasks (you must be a member) instead of your own",
        },
        {
          name: 'total_count',
          in: 'query',
          schema: { type: 'boolean' },
          description: 'Also count every task the filters match (`pagination.total_count`); it costs a count, so only when asked',
        },
        { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`next_cursor` of the previous page, with the same `sort` and filters' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
      ],
      responses: {
        '200': {
          description: 'A page (possibly empty)',
          content: json({
            type: 'object',
            required: ['data', 'pagination', 'meta'],
            additionalProperties: false,
            properties: {
              data: { type: 'array', items: ref('Task') },
              pagination: {
                type: 'object',
                required: ['next_cursor', 'has_more', 'limit', 'total_returned'],
                additionalProperties: false,
                properties: {
                  next_cursor: { type: ['string', 'null'] },
                  has_more: { type: 'boolean' },
                  limit: { type: 'integer' },
                  total_returned: { type: 'integer' },
                  total_count: { type: 'integer', description: 'Every task the filters match, all pages together (with `total_count=true`)' },
                },
              },
              meta: { type: 'object', required: ['version'], properties: { version: { const: '1.0' } } },
            },
          }),
        },
        '404': errorResponse('`project_id` names no project of yours'),
        ...AUTHENTICATED_ERRORS,
      },
    },
    post: {
      summary: 'Create a task (written durably before the answer)',
      operationId: 'createTask',
      tags: ['tasks'],
      security: bearer,
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          schema: { type: 'string', pattern: '^[\\x20-\\x7e]{1,255}$' },
          description:
            'Makes the create safe to retry: a repeat with the same key within 24 hours answers what the first did (with `Idempotent-Replayed: true`) and creates nothing. ' +
            'The key is stored with the task, in one transaction.',
        },
      ],
      requestBody: body({
        type: 'object',
        required: ['title', 'description'],
        properties: {
          ...taskFields,
          project_id: { type: ['integer', 'null'], description: 'Create it in this project (you must be an owner or an editor there); none: your own list' },
          assignee_id: assignee,
        },
        additionalProperties: false,
      }),
      responses: {
        '201': {
          description: 'Created (or, for a repeated Idempotency-Key, what the first request created)',
          headers: { ...ETAG, 'Idempotent-Replayed': { schema: { const: 'true' }, description: 'This answer is the one stored for the key' } },
          content: json(messageBody({ task_id: { type: 'integer' }, task: ref('Task') }, ['task_id', 'task'])),
        },
        '404': errorResponse('`project_id` names no project of yours'),
        '409': errorResponse('A request with this Idempotency-Key is still in progress'),
        '422': errorResponse('This Idempotency-Key was used with another body'),
        ...AUTHENTICATED_ERRORS,
      },
    },
    delete: {
      summary: 'Delete all the tasks of your own list (not those of projects)',
      operationId: 'deleteAllTasks',
      tags: ['tasks'],
      security: bearer,
      responses: {
        '200': { description: 'Deleted (possibly none)', content: json(messageBody({ deleted: { type: 'integer' } }, ['deleted'])) },
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/tasks/changes': {
    get: {
      summary: 'What changed in your tasks, in commit order (the change feed)',
      operationId: 'listTaskChanges',
      tags: ['tasks'],
      security: bearer,
      description:
        'Creates, updates and deletes (tombstones) after `cursor`, oldest first; none is ever skipped. Without a cursor, from the ' +
        'start of what is kept (CHANGE_RETENTION, 30 days). A cursor older than that is 410: read the head cursor, list your ' +
        'tasks again, then follow from it.',
      parameters: [
        {
          name: 'cursor',
          in: 'query',
          schema: { type: 'string' },
          description: "`next_cursor` (or a change's `cursor`) of an earlier page, or the head cursor",
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
      ],
      responses: {
        '200': {
          description: 'A page of changes (possibly empty)',
          content: json({
            type: 'object',
            required: ['changes', 'next_cursor', 'has_more'],
            properties: {
              changes: { type: 'array', items: ref('TaskChange') },
              next_cursor: { type: 'string', description: 'Resume from here (the cursor given, when no change followed it)' },
              has_more: { type: 'boolean' },
            },
            additionalProperties: false,
          }),
        },
        '410': errorResponse('The cursor is older than the changes kept (reason `cursor expired`)'),
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/tasks/changes/head': {
    get: {
      summary: 'The cursor of your latest change',
      operationId: 'taskChangesHead',
      tags: ['tasks'],
      security: bearer,
      description: 'Take it before listing your tasks, then follow /tasks/changes from it: nothing is missed in between.',
      responses: {
        '200': {
          description: 'The head',
          content: json({ type: 'object', required: ['cursor'], properties: { cursor: { type: 'string' } }, additionalProperties: false }),
        },
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/tasks/{id}': {
    parameters: [taskId],
    get: {
      summary: 'One of your tasks',
      operationId: 'getTask',
      tags: ['tasks'],
      security: bearer,
      parameters: [IF_NONE_MATCH],
      responses: {
        '200': { description: 'The task', headers: ETAG, content: json(ref('Task')) },
        '304': { description: 'Not modified: If-None-Match names its current version', headers: ETAG },
        '404': errorResponse('No such task of yours'),
        ...AUTHENTICATED_ERRORS,
      },
    },
    put: {
      summary: 'Change some fields of a task',
      operationId: 'updateTask',
      tags: ['tasks'],
      security: bearer,
      // A legacy caller may send back the read-only fields as it got them (they must be unchanged).
      parameters: [IF_MATCH],
      requestBody: body({
        type: 'object',
        minProperties: 1,
        properties: { ...taskFields, assignee_id: assignee, ...readOnlyEcho },
        additionalProperties: false,
      }),
      responses: {
        '200': { description: 'Updated', headers: ETAG, content: json(messageBody({ task: ref('Task') }, ['task'])) },
        '404': errorResponse('No such task of yours'),
        '412': STALE,
        ...AUTHENTICATED_ERRORS,
      },
    },
    delete: {
      summary: 'Delete a task',
      operationId: 'deleteTask',
      tags: ['tasks'],
      security: bearer,
      parameters: [IF_MATCH],
      responses: {
        '200': { description: 'Deleted', content: json(messageBody()) },
        '404': errorResponse('No such task of yours'),
        '412': STALE,
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
};
