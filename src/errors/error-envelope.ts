import type { AppError, ErrorDetails } from './app-error.js';

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
