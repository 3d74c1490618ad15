import { currentRequestId, REQUEST_ID_HEADER } from '../context/requestId';
import type { AppError } from '../../domain/errors';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../../domain/errors';

interface ErrorPayload {
  error?: { message?: string; field?: string };
}

const CLIENT_ERRORS: Record<number, new (message: string, field?: string) => AppError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
};

/**
 * Obtains a short-lived service token from the auth service with this process's API key and
 * caches it until shortly before it expires, or until a peer refuses it (`discard`). Revoking
 * the key stops new tokens at once.
 */
export class ServiceTokenSource {
  private cached: { token: string; refreshAt: number } | null = null;

  constructor(
    private readonly authUrl: string,
    private readonly apiKey: string,
  ) {}

  async token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAt) return this.cached.token;
    const response = await reach('auth', `${this.authUrl}/api/v1/service-tokens`, {
      method: 'POST',
      headers: { 'x-api-key': this.apiKey },
    });
    if (!response.ok) await throwFor(response, 'auth');
    const body = (await response.json()) as { accessToken: string; expiresIn: number };
    this.cached = {
      token: body.accessToken,
      refreshAt: Date.now() + Math.max(0, body.expiresIn - 30) * 1000,
    };
    return body.accessToken;
  }

  /** Forgets the token if it is still the cached one (a concurrent caller may have renewed it). */
  discard(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }
}

/** fetch, with a peer that cannot be reached (refused, reset, DNS) as a typed 503. */
async function reach(service: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new ServiceUnavailableError(`${service} is unreachable: ${String(error)}`);
  }
}

/** A peer's 4xx as the platform's typed error; its 5xx as 503: the caller's request did no harm. */
async function throwFor(response: Response, service: string): Promise<never> {
  const payload = (await response.json().catch(() => ({}))) as ErrorPayload;
  const message = `${service}: ${payload.error?.message ?? response.statusText}`;
  const ClientError = CLIENT_ERRORS[response.status];
  if (ClientError) throw new ClientError(message, payload.error?.field);
  throw new ServiceUnavailableError(`${message} (HTTP ${response.status})`);
}

export interface RequestOptions {
  idempotencyKey?: string;
  requestId?: string;
}

/**
 * JSON over HTTP to another service of the platform, authenticated as this service. A 401 means
 * the peer no longer accepts the cached token (its key was retired): the token is dropped and
 * the request sent once more with a new one. 4xx answers become the platform's typed
 * (non-retryable) errors; 5xx answers and network failures a retryable ServiceUnavailableError.
 */
export class ServiceHttpClient {
  constructor(
    private readonly service: string,
    private readonly baseUrl: string,
    private readonly tokens: ServiceTokenSource,
  ) {}

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const requestId = options.requestId ?? currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    const send = async (token: string): Promise<Response> =>
      reach(this.service, `${this.baseUrl}${path}`, {
        method,
        headers: { ...headers, authorization: `Bearer ${token}` },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const token = await this.tokens.token();
    let response = await send(token);
    if (response.status === 401) {
      await response.body?.cancel();
      this.tokens.discard(token);
      response = await send(await this.tokens.token());
    }
    if (!response.ok) await throwFor(response, this.service);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ServiceUnavailableError(
        `the ${this.service} service answered ${method} ${path} with something other than JSON`,
      );
    }
  }
}
