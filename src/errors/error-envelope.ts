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
  /** A conflict's resource as it stands now, in the transport's own form. */
  current?: unknown;
}

/** How a transport shows a conflict's current resource (see `AppError.current`). */
export type CurrentPresenter = (current: unknown) => unknown;

/**
 * `instance` is `<request path>#<request id>`, so a caller can quote it and we can find the
 * log line. `current` is there only when the error carries one.
 */
export function toEnvelope(error: AppError, path: string, requestId: string, present?: CurrentPresenter): ErrorEnvelope {
  const envelope: ErrorEnvelope = {
    code: error.code,
    type: error.type,
    status: error.status,
    message: error.message,
    reason: error.reason,
    details: error.details,
    instance: `${path}#${requestId}`,
  };
  if (error.current !== undefined && present) envelope.current = present(error.current);
  return envelope;
}
