/**
 * The platform's typed errors. HTTP apps map them to status codes in one error handler;
 * activities list the non-retryable ones once (NON_RETRYABLE_ERRORS) for Temporal.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly status = 422;
  readonly code = 'validation_failed';
}

/**
 * Input that is malformed rather than merely invalid (text Postgres cannot store, an id or date
 * outside what the database holds): 400 with the validation error's code and field.
 */
export class MalformedInputError extends AppError {
  readonly status = 400;
  readonly code = 'validation_failed';
}

export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code = 'bad_request';
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'too_many_requests';
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'service_unavailable';
}

/** Startup configuration is invalid; the process must not start. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Error names Temporal must not retry when an activity throws them. */
export const NON_RETRYABLE_ERRORS = [
  ValidationError.name,
  MalformedInputError.name,
  BadRequestError.name,
  UnauthorizedError.name,
  ForbiddenError.name,
  NotFoundError.name,
  ConflictError.name,
];
