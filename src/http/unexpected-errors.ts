import type { Logger } from 'pino';
import { isDatabaseUnavailable, isStatementCancelled } from '../db/database-errors.js';
import { AppError } from '../errors/app-error.js';

const RETRY_AFTER_SECONDS = 5;

/** A state of the database, not a bug: what the log and the client are told. */
function databaseCondition(thrown: unknown): { logged: string; message: string; reason: string } | undefined {
  if (isDatabaseUnavailable(thrown)) {
    return { logged: 'database unavailable', message: 'The database is unavailable, try again shortly', reason: 'database unreachable' };
  }
  if (isStatementCancelled(thrown)) {
    return {
      logged: 'the database cancelled its statement',
      message: 'The database stopped this request before it finished (it ran too long); try again shortly',
      reason: 'statement cancelled',
    };
  }
  return undefined;
}

/** Turns anything thrown into the AppError to answer with; `where` says where it happened, for the log. */
export type ErrorReporter = (thrown: unknown, where: Record<string, unknown>) => AppError;

/**
 * The one place both transports turn what was thrown into an answer. An AppError passes as
 * it is. Anything else is unexpected: logged here with its stack, and masked as
 * INTERNAL_ERROR (its text reaches the client only when `exposeInternals`, in development),
 * or SERVICE_UNAVAILABLE while the database is out of reach or when it cancelled the request's
 * statement (past the statement timeout): both logged at warn, a condition rather than a bug.
 */
export function errorReporter(logger: Logger, exposeInternals: boolean): ErrorReporter {
  const log = logger.child({ module: 'errors' });
  return (thrown, where) => {
    if (thrown instanceof AppError) return thrown;
    const condition = databaseCondition(thrown);
    if (condition) {
      log.warn({ err: thrown, ...where }, `request failed: ${condition.logged}`);
      return new AppError('SERVICE_UNAVAILABLE', {
        message: condition.message,
        reason: condition.reason,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        cause: thrown,
      });
    }
    log.error({ err: thrown, ...where }, 'request failed');
    const reason = exposeInternals && thrown instanceof Error ? thrown.message : null;
    return new AppError('INTERNAL_ERROR', { reason, cause: thrown });
  };
}
