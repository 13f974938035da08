/**
 * The one error type of the app. Services throw it; each transport maps it once
 * (REST body, GraphQL `extensions`) through `toEnvelope` (error-envelope.ts).
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN_ACCESS: 403,
  NOT_FOUND: 404,
  USER_ALREADY_EXISTS: 409,
  CONFLICT: 409,
  GONE: 410,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Bad request',
  UNAUTHORIZED: 'Unauthorized',
  FORBIDDEN_ACCESS: 'Forbidden',
  NOT_FOUND: 'Not found',
  USER_ALREADY_EXISTS: 'User already exists',
  CONFLICT: 'Conflict',
  GONE: 'Gone',
  PRECONDITION_FAILED: 'Precondition failed',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNPROCESSABLE_CONTENT: 'Unprocessable content',
  TOO_MANY_REQUESTS: 'Too many requests',
  INTERNAL_ERROR: 'Internal server error',
  SERVICE_UNAVAILABLE: 'Service unavailable',
};

/** Field name → messages, as in the envelope's `details`. */
export type ErrorDetails = Record<string, string[]>;

export interface AppErrorOptions {
  message?: string;
  reason?: string | null;
  details?: ErrorDetails | null;
  /** Overrides `code.toLowerCase()` where the contract names a more specific type. */
  type?: string;
  /** Sent as `Retry-After` by REST. */
  retryAfterSeconds?: number;
  /** A conflict's resource as it stands now (a task), for each transport to present. */
  current?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  readonly reason: string | null;
  readonly details: ErrorDetails | null;
  readonly retryAfterSeconds: number | undefined;
  readonly current: unknown;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? DEFAULT_MESSAGE[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.type = options.type ?? code.toLowerCase();
    this.reason = options.reason ?? null;
    this.details = options.details ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.current = options.current;
  }
}
