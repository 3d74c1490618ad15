import type { Response } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../../domain/errors';
import type { PlatformConfig } from '../../../infra/config/config';
import { reply, route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { signInClient } from '../clientAddress';
import type { EmailOtp } from '../emailOtp';
import type { SignIn, SignInOutcome } from '../signIn';
import type { TokenService } from '../tokens';
import { email, password } from './inputs';

const loginSchema = z.object({ email, password });
const challengeId = z.string().uuid('a challenge id from the sign-in answer');
const otpSchema = z.object({
  challengeId,
  code: z
    .string()
    .transform((code) => code.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'the 6-digit code from the mail')),
});
const resendSchema = z.object({ challengeId });
const refreshSchema = z.object({ refreshToken: z.string().min(10).max(200).optional() });
const REFRESH_COOKIE = 'helpdesk_refresh';

export interface SessionDeps {
  tokens: TokenService;
  signIn: SignIn;
  otp: EmailOtp;
  config: Pick<PlatformConfig, 'auth' | 'secureCookies'>;
}

/** Sign-in (throttled per account and client address), token refresh and logout. */
export function sessionRoutes(deps: SessionDeps): RouteTable {
  const { tokens, config } = deps;

  /** Tokens (and the refresh cookie) for a finished sign-in; 202 with the challenge otherwise. */
  const signedIn = (res: Response, outcome: SignInOutcome): unknown => {
    if (outcome.kind === 'challenge') return reply(202, outcome.challenge);
    const { pair, user } = outcome;
    if (config.auth.refreshCookie) {
      res.cookie(REFRESH_COOKIE, pair.refreshToken, {
        httpOnly: true,
        secure: config.secureCookies,
        sameSite: 'strict',
        path: '/api/v1/auth',
        maxAge: config.auth.refreshTtlSeconds * 1000,
      });
    }
    return { ...pair, user };
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

  return routeTable([
    route({
      method: 'post',
      path: '/api/v1/auth/login',
      summary:
        'Sign in: access and refresh tokens, or (202) a challenge when the account has two-step sign-in and a code was mailed',
      access: 'public',
      body: loginSchema,
      ok: 200,
      errors: [401, 429],
      handle: async ({ body, req, res }) =>
        signedIn(res, await deps.signIn.signIn(body.email, body.password, signInClient(req))),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/login/otp',
      summary: 'Second step of sign-in: the mailed code for the tokens (each code works once)',
      access: 'public',
      body: otpSchema,
      ok: 200,
      errors: [401, 404, 409],
      handle: async ({ body, req, res }) =>
        signedIn(res, await deps.signIn.complete(body.challengeId, body.code, signInClient(req))),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/login/otp/resend',
      summary: 'Mail a new code for a sign-in challenge (rate-limited)',
      access: 'public',
      body: resendSchema,
      ok: 202,
      errors: [401, 404, 409, 429],
      handle: ({ body }) => deps.otp.resend(body.challengeId),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/refresh',
      summary: 'Rotate the refresh token',
      access: 'public',
      body: refreshSchema,
      ok: 200,
      errors: [401],
      handle: ({ body, req }) => tokens.refresh(refreshTokenOf(body, cookieOf(req.headers.cookie))),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/logout',
      summary: 'Revoke the refresh token family',
      access: 'public',
      body: refreshSchema,
      ok: 204,
      errors: [401],
      handle: async ({ body, req, res }) => {
        await tokens.revokeFamilyOf(refreshTokenOf(body, cookieOf(req.headers.cookie)));
        if (config.auth.refreshCookie) res.clearCookie(REFRESH_COOKIE, { path: '/api/v1/auth' });
      },
    }),
  ]);
}
