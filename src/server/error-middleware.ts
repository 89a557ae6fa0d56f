import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  ConfigError: 500,
  AuthenticationError: 401,
  NotFoundError: 404,
  ConflictError: 409,
  GuardrailRefusal: 409,
  ExternalServiceError: 503,
  StoreUnavailableError: 503,
};

/** Maps an error to an HTTP status: a numeric `status`/`statusCode` (body-parser: 413, 415, 400) first, then the name. */
export function statusForError(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const record = error as { status?: unknown; statusCode?: unknown; name?: unknown };
    const numeric = typeof record.status === 'number' ? record.status : record.statusCode;
    if (typeof numeric === 'number' && numeric >= 400 && numeric < 600) return numeric;
    if (typeof record.name === 'string') return STATUS_BY_NAME[record.name] ?? 500;
  }
  return 500;
}

/**
 * The one error middleware: status from {@link statusForError}; logs only ≥ 500;
 * body `{error: {name, message}, request: {method, url}, response: {statusCode}}`; 5xx messages are generic.
 */
export function createErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = statusForError(error);
    const name = error instanceof Error ? error.name : 'Error';
    if (status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'Request failed');
    const message = status >= 500 ? 'internal error' : error instanceof Error ? error.message : 'error';
    res.status(status).json({
      error: { name, message },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}
