import { AppError } from '../errors/app-error.js';

/**
 * Runs a service call from a resolver and, when the service refuses the input, renames the
 * fields of its `details` to the operation's own argument names (`title` → `input.title`,
 * `limit` → `first`), and makes the top-level message name the first problem: a GraphQL
 * client sees the names it sent.
 */
export async function inArgumentNames<T>(call: () => Promise<T>, rename: (field: string) => string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'BAD_REQUEST' || !error.details) throw error;
    const details = Object.fromEntries(Object.entries(error.details).map(([field, messages]) => [rename(field), messages]));
    const [[field, messages] = ['', []]] = Object.entries(details);
    const more = Object.keys(details).length - 1;
    throw new AppError('BAD_REQUEST', {
      type: error.type,
      message: `Invalid ${field}: ${messages[0] ?? 'invalid'}${more > 0 ? ` (and ${more} more)` : ''}`,
      reason: error.reason,
      details,
    });
  }
}

/** Fields of an `input` argument, named as GraphQL sees them. */
export const underInput = (field: string) => (field === 'body' ? 'input' : `input.${field}`);

/** A GraphQL `ID` as the numeric id the services use; an id that cannot exist becomes 0 (never found). */
export function numericId(id: string | number): number {
  const text = String(id);
  return /^\d{1,15}$/.test(text) ? Number(text) : 0;
}

/** An optional `ID` argument or input field: null and absent stay as they are. */
export function optionalId(id: string | number | null | undefined): number | null | undefined {
  return id === null || id === undefined ? id : numericId(id);
}

// A page's input, in the argument names every paged field takes.
const PAGE_ARGUMENT = new Map([
  ['limit', 'first'],
  ['cursor', 'after'],
]);
/** A page's input field as its argument is named (`limit` → `first`, `cursor` → `after`). */
export const pageArgument = (field: string) => PAGE_ARGUMENT.get(field) ?? field;
