import type { PlatformConfig } from '../../infra/config/config';
import type { HttpServiceName } from '../../infra/config/services';
import { requestJson, type JsonAnswer } from './http';

/** A signed-in user of a running platform, as its login answered. */
export interface Session {
  userId: string;
  email: string;
  token: string;
}

/** One JSON request to one of the platform's services, as the session (or anonymous). */
export function callService(
  config: PlatformConfig,
  service: HttpServiceName,
  method: string,
  path: string,
  options: { session?: Session | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
  return requestJson(`${config.http[service].url}${path}`, method, {
    token: options.session?.token ?? null,
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

/** Signs in through the auth service; throws with its answer when it refuses. */
export async function logIn(
  config: PlatformConfig,
  email: string,
  password: string,
): Promise<Session> {
  const answer = await callService(config, 'auth', 'POST', '/api/v1/auth/login', {
    body: { email, password },
  });
  if (answer.status !== 200) throw new Error(`login ${email}: ${JSON.stringify(answer)}`);
  return {
    email,
    token: answer.body.accessToken as string,
    userId: (answer.body.user as { id: string }).id,
  };
}
