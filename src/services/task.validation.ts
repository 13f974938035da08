import { z } from 'zod';
import { charLength, dateTime, text } from './input-rules.js';

export const TASK_PRIORITIES = ['low', 'medium', 'high'] as const;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;
export const TITLE_MAX_CHARS = 60;
export const DESCRIPTION_MAX_CHARS = 10_000;

const title = text()
  .transform((s) => s.trim())
  .refine((s) => charLength(s) >= 1, 'must not be empty')
  .refine((s) => charLength(s) <= TITLE_MAX_CHARS, `must be at most ${TITLE_MAX_CHARS} characters`);
const description = text().refine((s) => charLength(s) <= DESCRIPTION_MAX_CHARS, `must be at most ${DESCRIPTION_MAX_CHARS} characters`);
const completion = z.boolean({ error: 'must be a boolean' });
const priority = z.enum(TASK_PRIORITIES, { error: `must be one of ${TASK_PRIORITIES.join(', ')}` });
const dueDate = dateTime().nullable();

/** Strict: an unknown field (such as `user_id`) is an error, never silently dropped. */
export const createTaskSchema = z.strictObject({
  title,
  description,
  completion: completion.default(false),
  priority: priority.default('medium'),
  dueDate: dueDate.optional(),
});

export const updateTaskSchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    completion: completion.optional(),
    priority: priority.optional(),
    dueDate: dueDate.optional(),
  })
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  });

export const listTasksSchema = z.strictObject({
  filter: z
    .strictObject({
      completion: completion.optional(),
      title: text().optional(),
      createdAfter: dateTime().optional(),
      createdBefore: dateTime().optional(),
    })
    .default({}),
  limit: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, `must be between 1 and ${MAX_PAGE_SIZE}`)
    .max(MAX_PAGE_SIZE, `must be between 1 and ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().nullish(),
});

export type UpdateTaskInput = z.input<typeof updateTaskSchema>;
export type ListTasksInput = z.input<typeof listTasksSchema>;
