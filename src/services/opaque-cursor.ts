import { AppError } from '../errors/app-error.js';

/**
 * Cursors are opaque to callers (they must not build or edit them) and trivial for us: a
 * kind and the last value seen (as `format` writes it and `parse` reads it back), in
 * base64url. A cursor of another kind, or whose value `parse` refuses, is BAD_REQUEST naming
 * `what` it is not.
 */
export function opaqueCursor<T>(kind: string, parse: (text: string) => T | undefined, what: string, format: (value: T) => string = String) {
  const prefix = `${kind}:`;
  return {
    encode: (last: T): string => Buffer.from(`${prefix}${format(last)}`).toString('base64url'),
    /** The value a cursor stands for. */
    decode(cursor: string): T {
      const decoded = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
      const value = decoded.startsWith(prefix) ? parse(decoded.slice(prefix.length)) : undefined;
      if (value === undefined) {
        throw new AppError('BAD_REQUEST', { message: 'Invalid cursor', reason: 'cursor is malformed', details: { cursor: [`is not ${what} from this API`] } });
      }
      return value;
    },
  };
}
