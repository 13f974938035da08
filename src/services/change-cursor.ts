import { AppError } from '../errors/app-error.js';

// Opaque to callers, like task cursors: the number of the last change seen.
const PREFIX = 'change:';

export function encodeChangeCursor(seq: string): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url');
}

/** The change number a cursor stands for (as text: a bigint); BAD_REQUEST for anything we did not hand out. */
export function decodeChangeCursor(cursor: string): string {
  const decoded = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^change:(0|[1-9]\d{0,17})$/.exec(decoded);
  if (!match) {
    throw new AppError('BAD_REQUEST', { message: 'Invalid cursor', reason: 'cursor is malformed', details: { cursor: ['is not a change cursor from this API'] } });
  }
  return match[1]!;
}
