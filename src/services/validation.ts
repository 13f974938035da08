import type { z } from 'zod';
import { AppError, type ErrorDetails } from '../errors/app-error.js';

/**
 * Validates outside input against a schema; on failure throws BAD_REQUEST whose
 * `details` name each field (dotted path, or `body` for the whole input) with its messages.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  // No prototype: a client's `__proto__` or `constructor` key is a field name like any other.
  const details: ErrorDetails = Object.create(null);
  for (const issue of result.error.issues) {
    // zod reports unknown keys once for the object; we name each key, as callers look for it.
    const keys =
      issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [issue.path.length > 0 ? issue.path.join('.') : 'body'];
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    for (const key of keys) (details[key] ??= []).push(message);
  }
  throw new AppError('BAD_REQUEST', { message: 'Validation failed', reason: 'invalid input', details });
}
