import type { HttpServiceName } from '../../../infra/config/services';

export type Service = HttpServiceName;

/** One problem the server named: `body.steps.0.role`, `query.limit`… */
export interface Problem {
  field: string;
  message: string;
}

/** An answer that was not 2xx, in the words the server gave, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
    readonly problems: Problem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Problems by field with the given prefix dropped (`body.spec.`): what a form shows inline. */
  fieldErrors(prefix = 'body.'): Record<string, string> {
    const named = this.problems.length
      ? this.problems
      : this.field
        ? [{ field: this.field, message: this.message }]
        : [];
    const errors: Record<string, string> = {};
    for (const problem of named) {
      const field = problem.field.startsWith(prefix)
        ? problem.field.slice(prefix.length)
        : problem.field;
      errors[field] ??= problem.message;
    }
    return errors;
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenStore {
  get: () => Tokens | null;
  set: (tokens: Tokens | null) => void;
  /** Runs a refresh so that no other holder of the same tokens (another tab) refreshes meanwhile. */
  exclusively: (work: () => Promise<boolean>) => Promise<boolean>;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  form?: FormData;
  query?: Record<string, string | number | undefined>;
  idempotencyKey?: string;
}

const FRESH_FOR_SECONDS = 60;

/** What a socket needs to keep its session past the token it connected with. */
export interface SocketAuth {
  /** Seconds the current access token has left (0 when there is none). */
  secondsLeft(): number;
  /** The access token, renewed first when it expires within a minute; null once signed out. */
  freshToken(): Promise<string | null>;
  /** Renews the token even though it has time left: the server said it was revoked. */
  renew(): Promise<unknown>;
}

/** Seconds until a JWT's `exp`; 0 when it has none or is not a JWT. */
function secondsLeft(jwt: string): number {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? claims.exp - Date.now() / 1000 : 0;
  } catch {
    return 0;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; field?: string; details?: unknown };
  } | null;
  const error = body?.error;
  const problems = Array.isArray(error?.details)
    ? (error.details as Problem[]).filter((p) => typeof p?.field === 'string')
    : [];
  return new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `${response.status} ${response.statusText}`,
    error?.field ?? null,
    problems,
  );
}

/**
 * Calls the platform's APIs with the signed-in user's bearer token; an expired access token is
 * refreshed once (one refresh in flight for all callers) and the call repeated.
 */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly services: Record<Service, string>,
    private readonly tokens: TokenStore,
    private readonly onSignedOut: () => void,
  ) {}

  url(service: Service, path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(path, this.services[service]);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** The WebSocket URL of a service's socket endpoint, authenticated by the current token. */
  socketUrl(service: Service, path: string): string {
    const url = new URL(path, this.services[service]);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = this.tokens.get()?.accessToken;
    if (token) url.searchParams.set('token', token);
    return url.toString();
  }

  async request<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
    const token = this.tokens.get()?.accessToken;
    let response = await this.send(service, path, options, token);
    if (response.status === 401 && token && (await this.refresh(token))) {
      response = await this.send(service, path, options, this.tokens.get()?.accessToken);
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** A protected file (attachment) as a blob, for an object URL. */
  async download(service: Service, path: string): Promise<Blob> {
    const response = await this.send(service, path, {}, this.tokens.get()?.accessToken);
    if (!response.ok) throw await toApiError(response);
    return response.blob();
  }

  /**
   * Renews the access token when it expires within a minute (or cannot be read): what a socket
   * needs before it reconnects, since it authenticates once, when it connects.
   */
  async ensureFreshToken(): Promise<void> {
    const token = this.tokens.get()?.accessToken;
    if (token && secondsLeft(token) > FRESH_FOR_SECONDS) return;
    await this.refresh(token);
  }

  /** For the sockets: they re-send a fresh token in-band before theirs expires (see SocketAuth). */
  socketAuth(): SocketAuth {
    const current = () => this.tokens.get()?.accessToken;
    return {
      secondsLeft: () => {
        const token = current();
        return token ? secondsLeft(token) : 0;
      },
      freshToken: async () => {
        await this.ensureFreshToken();
        return current() ?? null;
      },
      renew: () => this.refresh(current()),
    };
  }

  /**
   * Renews the token pair that `stale` (the access token a call was refused with) belongs to;
   * false (and signed out) when the refresh token is no longer good. The tabs of one browser share
   * the pair and a refresh token works once: a lock serializes their refreshes, and a call whose
   * token was already replaced (by this tab or another) just retries with the new one.
   */
  private refresh(stale: string | undefined): Promise<boolean> {
    this.refreshing ??= this.renewExclusively(stale).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private renewExclusively(stale: string | undefined): Promise<boolean> {
    return this.tokens.exclusively(() => this.renew(stale));
  }

  private async renew(stale: string | undefined): Promise<boolean> {
    const current = this.tokens.get();
    if (!current) return false;
    if (current.accessToken !== stale) return true;
    const response = await this.send(
      'auth',
      '/api/v1/auth/refresh',
      { method: 'POST', body: { refreshToken: current.refreshToken } },
      undefined,
    );
    if (!response.ok) {
      this.tokens.set(null);
      this.onSignedOut();
      return false;
    }
    const pair = (await response.json()) as Tokens;
    this.tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    return true;
  }

  private async send(
    service: Service,
    path: string,
    options: RequestOptions,
    token: string | undefined,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: FormData | string | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await fetch(this.url(service, path, options.query), {
        method: options.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    } catch {
      throw new ApiError(
        0,
        'unreachable',
        `The ${service} service cannot be reached. Check your connection and try again.`,
        null,
        [],
      );
    }
  }
}
