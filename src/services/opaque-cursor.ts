import { AppError } from '../errors/app-error.js';

/** Longest cursor taken: a sort key (a title) and a fingerprint fit well within it. */
const MAX_CURSOR_CHARS = 1024;

/**
 * Cursors are opaque to callers (they must not build or edit them) and trivial for us: a
 * kind and the last value seen (as `format` writes it and `parse` reads it back), in
 * base64url. A cursor of another kind, or whose value `parse` refuses, is BAD_REQUEST naming
 * `what` it is not.
 */
export function opaqueCursor<T>(kind: string, parse: (text: string) => T | undefined, what: string, format: (value: T) => string = String) {
  const prefix = `${kind}:`;
  const malformed = () =>
    new AppError('BAD_REQUEST', { message: 'Invalid cursor', reason: 'cursor is malformed', details: { cursor: [`is not ${what} from this API`] } });
  /** The value a cursor of this kind stands for; undefined for anything else. */
  const read = (cursor: string): T | undefined => {
    const decoded = cursor.length <= MAX_CURSOR_CHARS && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
    return decoded.startsWith(prefix) ? parse(decoded.slice(prefix.length)) : undefined;
  };
  return {
    encode: (last: T): string => Buffer.from(`${prefix}${format(last)}`).toString('base64url'),
    read,
    malformed,
    /** The value a cursor stands for. */
    decode(cursor: string): T {
      const value = read(cursor);
      if (value === undefined) throw malformed();
      return value;
    },
  };
}
