import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.js';
import { toEnvelope, type CurrentPresenter, type ErrorEnvelope } from '../errors/error-envelope.js';
import './request-state.js';
import type { ErrorReporter } from './unexpected-errors.js';

/** Lets a transport rename `details` keys to its own field names. */
export type DetailsKeyMapper = (key: string) => string;

/** body-parser's failures carry a `type`; these are the caller's fault, never ours. */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || error instanceof AppError) return undefined;
  switch ((error as { type?: unknown }).type) {
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', { message: 'Request body is larger than 2 MB', reason: 'body too large' });
    case 'entity.parse.failed':
      return new AppError('BAD_REQUEST', { message: 'Malformed JSON', reason: 'body is not valid JSON' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('BAD_REQUEST', { message: 'Unsupported body encoding', reason: 'use UTF-8 JSON' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new AppError('BAD_REQUEST', { message: 'Unreadable request body', reason: String((error as { type: string }).type) });
    default:
      return fromHttpError(error);
  }
}

/**
 * Any other error Express, its router or body-parser marks as the client's (a 4xx
 * `status`): a path whose percent-encoding does not decode, a body that is not in its
 * Content-Encoding. A 400 like any other, never a 500, and never logged as a failure.
 */
function fromHttpError(error: object): AppError | undefined {
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', { message: 'Request body is larger than 2 MB', reason: 'body too large' });
  if (typeof message === 'string' && message.startsWith('Failed to decode param')) {
    return new AppError('BAD_REQUEST', { message: 'Malformed URL: a percent-encoded part of the path does not decode', reason: 'malformed url' });
  }
  if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR_'))) {
    return new AppError('BAD_REQUEST', { message: 'The body does not decode as its Content-Encoding says', reason: 'malformed body encoding' });
  }
  return new AppError('BAD_REQUEST', { message: typeof message === 'string' ? message : 'Bad request', reason: 'bad request' });
}

/** How a transport renames `details` keys and shows a conflict's current resource. */
export interface EnvelopeForm {
  mapKey?: DetailsKeyMapper;
  presentCurrent?: CurrentPresenter;
}

function sendError(res: Response, path: string, error: AppError, { mapKey, presentCurrent }: EnvelopeForm): void {
  const envelope: ErrorEnvelope = toEnvelope(error, path, res.locals.requestId, presentCurrent);
  if (mapKey && envelope.details) {
    envelope.details = Object.fromEntries(Object.entries(envelope.details).map(([k, v]) => [mapKey(k), v]));
  }
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(error.status).json({ errors: envelope });
}

/** The last middleware: every error becomes the envelope; unexpected ones go through `report`. */
export function errorHandler(report: ErrorReporter, form: EnvelopeForm = {}): ErrorRequestHandler {
  return (thrown: unknown, req, res, next) => {
    if (res.headersSent) return next(thrown);
    const error = report(fromBodyParser(thrown) ?? thrown, { requestId: res.locals.requestId, method: req.method, path: req.path });
    sendError(res, req.originalUrl.split('?')[0] ?? req.path, error, form);
  };
}

/** Unknown routes answer 404 in the envelope, like every other error. */
export function notFound(): RequestHandler {
  return (req, _res, next) => next(new AppError('NOT_FOUND', { message: `No route for ${req.method} ${req.path}`, reason: 'unknown route' }));
}
