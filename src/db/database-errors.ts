/** Recognises PostgreSQL / node-postgres failures by their codes, so callers need not know `pg`. */

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

const asPgError = (error: unknown): PgLikeError => (typeof error === 'object' && error !== null ? (error as PgLikeError) : {});

/** A unique index refused a row; `constraint` narrows it to one index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = asPgError(error);
  return pg.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

// Socket-level failures and the SQLSTATE classes that mean "the server is not there for us".
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
];

/** True when the database cannot be reached right now (down, restarting, out of connections). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pg = asPgError(error);
  const code = typeof pg.code === 'string' ? pg.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  const message = typeof pg.message === 'string' ? pg.message : '';
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/** PostgreSQL cancelled the statement: it ran past the statement timeout, or an operator cancelled it. */
export function isStatementCancelled(error: unknown): boolean {
  return asPgError(error).code === '57014';
}

/** A value PostgreSQL could not take as its type (a malformed date, a number out of range: SQLSTATE class 22). */
export function isDataException(error: unknown): boolean {
  const code = asPgError(error).code;
  return typeof code === 'string' && code.startsWith('22');
}
