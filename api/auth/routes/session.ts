import type { RouteDoc } from '../../shared/http/openapi';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../../domain/errors';
import type { PlatformConfig } from '../../../infra/config/config';
import { parseInput } from '../../shared/http/validate';
import { clientAddress } from '../clientAddress';
import type { SignIn } from '../signIn';
import type { TokenPair, TokenService } from '../tokens';
import { email, password } from './inputs';

const loginSchema = z.object({ email, password });
const refreshSchema = z.object({ refreshToken: z.string().min(10).max(200).optional() });
const REFRESH_COOKIE = 'helpdesk_refresh';

export interface SessionDeps {
  tokens: TokenService;
  signIn: SignIn;
  config: Pick<PlatformConfig, 'auth' | 'secureCookies'>;
}

/** Sign-in (throttled per account and client address), token refresh and logout. */
export function sessionRoutes(deps: SessionDeps): Router {
  const { tokens, config } = deps;
  const router = Router();

  const reply = (res: Response, pair: TokenPair, user: Record<string, unknown>): void => {
    if (config.auth.refreshCookie) {
      res.cookie(REFRESH_COOKIE, pair.refreshToken, {
        httpOnly: true,
        secure: config.secureCookies,
        sameSite: 'strict',
        path: '/api/v1/auth',
        maxAge: config.auth.refreshTtlSeconds * 1000,
      });
    }
    res.json({ ...pair, user });
  };
  const refreshTokenOf = (
    body: { refreshToken?: string | undefined },
    cookie: string | undefined,
  ): string => {
    const token = body.refreshToken ?? (config.auth.refreshCookie ? cookie : undefined);
    if (!token) throw new ValidationError('refreshToken is required', 'body.refreshToken');
    return token;
  };
  const cookieOf = (header: string | undefined): string | undefined =>
    header
      ?.split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === REFRESH_COOKIE)?.[1];

  router.post('/api/v1/auth/login', async (req, res) => {
    const body = parseInput(loginSchema, req.body, 'body');
    const { pair, user } = await deps.signIn.signIn(body.email, body.password, clientAddress(req));
    reply(res, pair, { ...user });
  });

  router.post('/api/v1/auth/refresh', async (req, res) => {
    const body = parseInput(refreshSchema, req.body ?? {}, 'body');
    const pair = await tokens.refresh(refreshTokenOf(body, cookieOf(req.headers.cookie)));
    res.json(pair);
  });

  router.post('/api/v1/auth/logout', async (req, res) => {
    const body = parseInput(refreshSchema, req.body ?? {}, 'body');
    await tokens.revokeFamilyOf(refreshTokenOf(body, cookieOf(req.headers.cookie)));
    if (config.auth.refreshCookie) res.clearCookie(REFRESH_COOKIE, { path: '/api/v1/auth' });
    res.status(204).end();
  });

  return router;
}

export const sessionRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in: access and refresh tokens',
    access: 'public',
    body: loginSchema,
    ok: 200,
    errors: [401, 429],
  },
  {
    method: 'post',
    path: '/api/v1/auth/refresh',
    summary: 'Rotate the refresh token',
    access: 'public',
    body: refreshSchema,
    ok: 200,
    errors: [401],
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Revoke the refresh token family',
    access: 'public',
    body: refreshSchema,
    ok: 204,
    errors: [401],
  },
];
