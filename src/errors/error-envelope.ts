import { isDatabaseUnavailable } from '../db/database-errors.js';
import { AppError, type ErrorDetails } from './app-error.js';

/** The object every error answer carries: the REST body's `errors`, GraphQL's `extensions`. */
export interface ErrorEnvelope {
  code: string;
  type: string;
  status: number;
  message: string;
  reason: string | null;
  details: ErrorDetails | null;
  instance: string;
}

export interface NormalizedError {
  error: AppError;
  /** True when the cause was not an {@link AppError}: a bug or an outage to log with its stack. */
  unexpected: boolean;
}

const RETRY_AFTER_OUTAGE_SECONDS = 5;

/**
 * Turns anything thrown into an {@link AppError}. Unknown errors are masked as
 * INTERNAL_ERROR; their text reaches the client only when `exposeInternals` (development).
 */
export function normalizeError(thrown: unknown, exposeInternals: boolean): NormalizedError {
  if (thrown instanceof AppError) return { error: thrown, unexpected: false };
  if (isDatabaseUnavailable(thrown)) {
    return {
      error: new AppError('SERVICE_UNAVAILABLE', {
        message: 'The database is unavailable, try again shortly',
        reason: 'database unreachable',
        retryAfterSeconds: RETRY_AFTER_OUTAGE_SECONDS,
        cause: thrown,
      }),
      unexpected: true,
    };
  }
  const reason = exposeInternals && thrown instanceof Error ? thrown.message : null;
  return { error: new AppError('INTERNAL_ERROR', { reason, cause: thrown }), unexpected: true };
}

/** `instance` is `<request path>#<request id>`, so a caller can quote it and we can find the log line. */
export function toEnvelope(error: AppError, path: string, requestId: string): ErrorEnvelope {
  return {
    code: error.code,
    type: error.type,
    status: error.status,
    message: error.message,
    reason: error.reason,
    details: error.details,
    instance: `${path}#${requestId}`,
  };
}
