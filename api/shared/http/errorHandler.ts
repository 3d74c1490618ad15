import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError } from '../../../domain/errors';
import type { Logger } from '../../../infra/logging/logger';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

interface HttpError {
  status: number;
  body: ErrorBody;
}

const PG_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'conflict', message: 'a record with this value already exists' },
  '23503': {
    status: 422,
    code: 'validation_failed',
    message: 'a referenced record does not exist',
  },
  '23502': { status: 422, code: 'validation_failed', message: 'a required value is missing' },
  '22P02': { status: 400, code: 'bad_request', message: 'a value has the wrong format' },
  '22001': { status: 422, code: 'validation_failed', message: 'a value is too long' },
  '53300': { status: 503, code: 'database_busy', message: 'the database is busy; retry shortly' },
  '57P03': { status: 503, code: 'database_busy', message: 'the database is busy; retry shortly' },
};
const DATABASE_BUSY: HttpError = {
  status: 503,
  body: { error: { code: 'database_busy', message: 'the database is busy; retry shortly' } },
};

function property(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null && key in error
    ? (error as Record<string, unknown>)[key]
    : undefined;
}

/** Maps anything thrown in a route to a status and a JSON body with a code, message and field. */
function toHttpError(error: unknown): HttpError {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...(error.details !== undefined ? { details: error.details } : {}),
        },
      },
    };
  }
  const bodyParserType = property(error, 'type');
  if (bodyParserType === 'entity.parse.failed') {
    return {
      status: 400,
      body: {
        error: { code: 'invalid_json', message: 'request body is not valid JSON', field: 'body' },
      },
    };
  }
  if (bodyParserType === 'entity.too.large') {
    return {
      status: 413,
      body: {
        error: { code: 'payload_too_large', message: 'request body is too large', field: 'body' },
      },
    };
  }
  if (typeof bodyParserType === 'string' && bodyParserType.startsWith('encoding.')) {
    return {
      status: 415,
      body: {
        error: {
          code: 'unsupported_encoding',
          message: 'unsupported body encoding',
          field: 'body',
        },
      },
    };
  }
  const clientStatus = property(error, 'status') ?? property(error, 'statusCode');
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
    // body-parser (a gzip/br body that is not compressed, a charset it cannot read) and the
    // router (a path that is not valid percent-encoding) flag the client's fault with a status.
    return {
      status: clientStatus,
      body: {
        error: {
          code: clientStatus === 415 ? 'unsupported_media_type' : 'bad_request',
          message: clientStatus === 415 ? 'unsupported request body' : 'malformed request',
          field: error instanceof URIError ? 'path' : 'body',
        },
      },
    };
  }
  // knex could not get a connection from its pool in time: a load peak, not a fault.
  if (property(error, 'name') === 'KnexTimeoutError') return DATABASE_BUSY;
  const pgCode = property(error, 'code');
  const pg = typeof pgCode === 'string' ? PG_ERRORS[pgCode] : undefined;
  if (pg) {
    const column = property(error, 'column') ?? property(error, 'constraint');
    return {
      status: pg.status,
      body: {
        error: {
          code: pg.code,
          message: pg.message,
          ...(typeof column === 'string' ? { field: column } : {}),
        },
      },
    };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal error' } } };
}

/** The one error handler of an HTTP app. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, body } = toHttpError(error);
    const retryAfter = (body.error.details as { retryAfter?: number } | undefined)?.retryAfter;
    if (status === 429 && retryAfter) res.setHeader('retry-after', String(retryAfter));
    if (status === 503) res.setHeader('retry-after', '1');
    if (status >= 500)
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(status).json(body);
  };
}

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`, 'path'));
};
