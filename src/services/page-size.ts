import { z } from 'zod';

/** How many items one page of any list holds (tasks, projects, the change feed): the same bounds at every door. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

/** A page's size as a list's input: 1 to MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE when unset. */
export function pageLimit() {
  return z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, `must be between 1 and ${MAX_PAGE_SIZE}`)
    .max(MAX_PAGE_SIZE, `must be between 1 and ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE);
}
