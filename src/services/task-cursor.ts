import { AppError } from '../errors/app-error.js';
import { isStorableId } from './input-rules.js';

// Opaque to callers (they must not build or edit cursors), trivial for us: the last id seen.
const PREFIX = 'task:';

export function encodeTaskCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`).toString('base64url');
}

/** The id a cursor stands for; BAD_REQUEST for anything we did not hand out. */
export function decodeTaskCursor(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]{1,32}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^task:(\d{1,10})$/.exec(decoded);
  const id = match ? Number(match[1]) : NaN;
  if (!isStorableId(id)) {
    throw new AppError('BAD_REQUEST', { message: 'Invalid cursor', reason: 'cursor is malformed', details: { cursor: ['is not a cursor from this API'] } });
  }
  return id;
}
