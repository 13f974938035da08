import { z } from 'zod';
import { TASK_ORDER_FIELDS } from '../../db/repositories/task.repository.js';

export { TASK_ORDER_FIELDS };
export type { TaskOrderField } from '../../db/repositories/task.repository.js';
import { charLength, dateTime, recordId, requiredOr, text } from '../input-rules.js';
import { pageLimit } from '../page-size.js';

export const TASK_PRIORITIES = ['low', 'medium', 'high'] as const;
export const TITLE_MAX_CHARS = 60;
export const DESCRIPTION_MAX_CHARS = 10_000;

const title = text()
  .transform((s) => s.trim())
  .refine((s) => charLength(s) >= 1, 'must not be empty')
  .refine((s) => charLength(s) <= TITLE_MAX_CHARS, `must be at most ${TITLE_MAX_CHARS} characters`);
const description = text().refine((s) => charLength(s) <= DESCRIPTION_MAX_CHARS, `must be at most ${DESCRIPTION_MAX_CHARS} characters`);
const completion = z.boolean({ error: requiredOr('must be a boolean') });
const priority = z.enum(TASK_PRIORITIES, { error: `must be one of ${TASK_PRIORITIES.join(', ')}` });
const dueDate = dateTime().nullable();

/** Strict: an unknown field (such as `user_id`) is an error, never silently dropped. */
export const createTaskSchema = z.strictObject({
  title,
  description,
  completion: completion.default(false),
  priority: priority.default('medium'),
  dueDate: dueDate.optional(),
  /** The project it goes in (the caller must be an owner or an editor there); none: the caller's own list. */
  projectId: recordId().nullish(),
  /** A member of its project; only a project's task has one. */
  assigneeId: recordId().nullish(),
});

/** The fields an update may change. */
const taskChanges = {
  title: title.optional(),
  description: description.optional(),
  completion: completion.optional(),
  priority: priority.optional(),
  dueDate: dueDate.optional(),
  /** null: no one. */
  assigneeId: recordId().nullable().optional(),
};

/**
 * Read-only fields a legacy client may send back as it got them (GET a task, change a field,
 * PUT the whole object): accepted when they equal the stored values, refused when not. A
 * `version` sent back is the version the client last saw: the update applies only while the
 * task is still at it (as `If-Match` does).
 */
const echoedFields = {
  id: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  version: z.number().int().positive().optional(),
};

export const updateTaskSchema = z
  .strictObject({ ...taskChanges, ...echoedFields })
  .refine((input) => Object.keys(taskChanges).some((field) => input[field as keyof typeof taskChanges] !== undefined), {
    message: 'give at least one field to change',
  });

/** A client's Idempotency-Key: what Stripe allows, 1–255 printable ASCII characters. */
export const idempotencyKeySchema = z.object({
  idempotencyKey: z.string({ error: 'must be a string' }).regex(/^[\x20-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters'),
});

/** Longest search text, and most words in one (each is a prefix to match). */
export const SEARCH_MAX_CHARS = 200;
export const SEARCH_MAX_WORDS = 8;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * A search as words (letters, marks and digits; everything else separates them), lowercased.
 * Empty or blank: no search (a cleared search box).
 */
const search = z
  .string({ error: 'must be a string' })
  .max(SEARCH_MAX_CHARS, `must be at most ${SEARCH_MAX_CHARS} characters`)
  .transform((text, ctx) => {
    if (text.trim() === '') return undefined;
    const words = text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
    if (words.length === 0) ctx.addIssue({ code: 'custom', message: 'must contain a word (letters or digits)' });
    if (words.length > SEARCH_MAX_WORDS) ctx.addIssue({ code: 'custom', message: `must have at most ${SEARCH_MAX_WORDS} words` });
    return words;
  });

/** How a list is ordered: one field, ascending unless said; ties go by id. */
const orderBy = z.strictObject({
  field: z.enum(TASK_ORDER_FIELDS, { error: `must be one of ${TASK_ORDER_FIELDS.join(', ')}` }),
  direction: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('asc'),
});

export const listTasksSchema = z
  .strictObject({
    filter: z
      .strictObject({
        completion: completion.optional(),
        title: text().optional(),
        createdAfter: dateTime().optional(),
        createdBefore: dateTime().optional(),
        priority: z
          .array(priority)
          .min(1, `give at least one of ${TASK_PRIORITIES.join(', ')}`)
          .max(TASK_PRIORITIES.length, `give each of ${TASK_PRIORITIES.join(', ')} at most once`)
          .optional(),
        dueAfter: dateTime().optional(),
        dueBefore: dateTime().optional(),
        overdue: z.boolean({ error: 'must be a boolean' }).optional(),
        hasDueDate: z.boolean({ error: 'must be a boolean' }).optional(),
        updatedAfter: dateTime().optional(),
        assigneeId: recordId().optional(),
        search: search.optional(),
      })
      .default({}),
    orderBy: orderBy.default({ field: 'id', direction: 'asc' }),
    /** Count every task the filter matches (a COUNT over them: only when asked). */
    withTotalCount: z.boolean().default(false),
    /** A project's tasks (the caller must be a member) instead of the caller's own. */
    projectId: recordId().nullish(),
    limit: pageLimit(),
    cursor: z.string().nullish(),
  })
  .refine((input) => input.orderBy.field !== 'relevance' || input.filter.search !== undefined, {
    message: 'relevance needs a search to rank by',
    path: ['orderBy', 'field'],
  });

export type UpdateTaskInput = z.input<typeof updateTaskSchema>;
export type ListTasksInput = z.input<typeof listTasksSchema>;
