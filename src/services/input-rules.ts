import { z } from 'zod';
import { MAX_ID } from '../db/database.types.js';

/** Field rules shared by several inputs, so each is written once. */

// PostgreSQL text cannot hold NUL; refusing it here keeps it a 400 instead of a database error.
const hasNoNul = (s: string) => !s.includes('\u0000');

/** Length in characters (code points), as PostgreSQL's char_length counts them. */
export const charLength = (s: string) => [...s].length;

/** What a missing field is told, apart from one of the wrong kind. */
export const requiredOr = (wrongKind: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : wrongKind);

export const text = () => z.string({ error: requiredOr('must be a string') }).refine(hasNoNul, 'must not contain NUL characters');

export const EMAIL_MAX_LENGTH = 254;
export const email = () =>
  z.email({ error: requiredOr('must be a valid email address') }).max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`);

export const USERNAME_LENGTH = { min: 3, max: 20 } as const;
/** The characters a username may hold, as a regular expression character class's body. */
export const USERNAME_CHARACTERS = 'A-Za-z0-9_.-';

/** An ISO-8601 date-time with an offset (`Z` or `+02:00`), or a Date from GraphQL's scalar. */
export const dateTime = () =>
  z
    .union([z.date(), z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' })], {
      error: 'must be an ISO-8601 date-time',
    })
    .transform((value, ctx) => {
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'must be a real date-time' });
        return z.NEVER;
      }
      // Years 1 to 9999 in UTC: what every client parses and what answers print in the Z form.
      const year = date.getUTCFullYear();
      if (year < 1 || year > 9999) {
        ctx.addIssue({ code: 'custom', message: 'must fall in the years 1 to 9999 (UTC)' });
        return z.NEVER;
      }
      return date;
    });

/** A bigger id cannot exist and must not reach the database. */
export function isStorableId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_ID;
}

/** A reference to a stored row (a project, a user): a positive integer no database id exceeds. */
export const recordId = () =>
  z
    .number({ error: requiredOr('must be a positive integer id') })
    .int('must be a positive integer id')
    .positive('must be a positive integer id')
    .max(MAX_ID, 'must be a positive integer id');
