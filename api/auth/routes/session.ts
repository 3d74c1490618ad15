import type { RouteDoc } from '../../shared/http/openapi';
import { createHash, randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  UnauthorizedError,
  ValidationError,
} from '../../../domain/errors';
import type { Broker } from '../../../infra/amqp/broker';
import { queueName } from '../../../infra/amqp/topology';
import type { PlatformConfig } from '../../../infra/config/config';
import { authenticate, userOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../../shared/auth/principal';
import type { TokenVerifier } from '../../shared/auth/verifier';
import { parseInput } from '../../shared/http/validate';
import type { LoginThrottle } from '../loginThrottle';
import { assertStrongEnough, type PasswordHasher } from '../passwords';
import type { TokenPair, TokenService } from '../tokens';
import { findUser, findUserByEmail, toUserView, type UserRow } from '../users';

const email = z.string().trim().toLowerCase().email().max(320);
const password = z.string().min(1).max(200);
const loginSchema = z.object({ email, password });
const registerSchema = z.object({ email, name: z.string().trim().min(1).max(200), password });
const refreshSchema = z.object({ refreshToken: z.string().min(10).max(200).optional() });
const profileSchema = z.object({ name: z.string().trim().min(1).max(200) }).strict();
const changeSchema = z.object({ currentPassword: password, newPassword: password });
const resetRequestSchema = z.object({ email });
const resetConfirmSchema = z.object({ token: z.string().min(10).max(200), newPassword: password });
const RESET_TTL_MS = 3600_000;
const REFRESH_COOKIE = 'helpdesk_refresh';

export interface SessionDeps {
  db: Knex;
  broker: Broker;
  verifier: TokenVerifier;
  tokens: TokenService;
  passwords: PasswordHasher;
  throttle: LoginThrottle;
  config: Pick<PlatformConfig, 'auth' | 'web' | 'env' | 'secureCookies'>;
}

/** Sign-in, token refresh and logout, the caller's own profile and password, password reset. */
export function sessionRoutes(deps: SessionDeps): Router {
  const { db, tokens, passwords, throttle, config } = deps;
  const router = Router();
  const hash = (value: string) => createHash('sha256').update(value).digest('hex');

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

  router.post('/api/v1/auth/register', async (req, res) => {
    if (!config.auth.selfRegistration)
      throw new ForbiddenError('self-registration is disabled', 'path');
    const body = parseInput(registerSchema, req.body, 'body');
    assertStrongEnough(body.password, 'body.password');
    if (await findUserByEmail(db, body.email))
      throw new ConflictError('an account with this email exists', 'body.email');
    const passwordHash = await passwords.hash(body.password);
    const user = await db.transaction(async (trx) => {
      const [row] = await trx('users')
        .insert({ email: body.email, name: body.name, password_hash: passwordHash })
        .returning<UserRow[]>('*');
      const role = await trx('roles')
        .where({ system: DEFAULT_SYSTEM, name: 'requester' })
        .first<{ id: string } | undefined>('id');
      if (!row) throw new Error('user insert returned no row');
      if (role) await trx('user_system_roles').insert({ user_id: row.id, role_id: role.id });
      return row;
    });
    res.status(201).json(await toUserView(db, user));
  });

  router.post('/api/v1/auth/login', async (req, res) => {
    const body = parseInput(loginSchema, req.body, 'body');
    const ip = req.ip ?? 'unknown';
    await throttle.assertAllowed(body.email, ip);
    const user = await findUserByEmail(db, body.email);
    const valid = user
      ? await passwords.verify(user.password_hash, body.password)
      : await passwords.verifyNothing(body.password);
    if (!user || !valid || !user.active) {
      await throttle.recordFailure(body.email, ip);
      throw new UnauthorizedError('invalid email or password', 'email');
    }
    await throttle.recordSuccess(body.email);
    await db('users').where({ id: user.id }).update({ last_login_at: db.fn.now() });
    reply(res, await tokens.issue(user), { ...(await toUserView(db, user)) });
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

  router.post('/api/v1/auth/password-reset', async (req, res) => {
    const body = parseInput(resetRequestSchema, req.body, 'body');
    const user = await findUserByEmail(db, body.email);
    if (user?.active) {
      const token = randomBytes(32).toString('base64url');
      await db('password_resets').insert({
        token_hash: hash(token),
        user_id: user.id,
        expires_at: new Date(Date.now() + RESET_TTL_MS),
      });
      const id = `password-reset:${hash(token).slice(0, 32)}`;
      await deps.broker.sendToQueue(
        queueName(deps.broker.prefix, 'notification'),
        {
          id,
          type: 'password_reset',
          recipient: { userId: String(user.id), email: user.email, name: user.name },
          data: { resetUrl: `${config.web.url}/reset-password?token=${token}` },
          createdAt: new Date().toISOString(),
        },
        { messageId: id },
      );
    }
    res.status(202).json({ message: 'if the account exists, a reset link is on its way' });
  });

  router.post('/api/v1/auth/password-reset/confirm', async (req, res) => {
    const body = parseInput(resetConfirmSchema, req.body, 'body');
    assertStrongEnough(body.newPassword, 'body.newPassword');
    const passwordHash = await passwords.hash(body.newPassword);
    await db.transaction(async (trx) => {
      const reset = await trx('password_resets')
        .where({ token_hash: hash(body.token) })
        .whereNull('used_at')
        .where('expires_at', '>', trx.fn.now())
        .forUpdate()
        .first<{ user_id: string } | undefined>('user_id');
      if (!reset)
        throw new UnauthorizedError('reset token is invalid, used or expired', 'body.token');
      await trx('password_resets')
        .where({ token_hash: hash(body.token) })
        .update({ used_at: trx.fn.now() });
      await trx('users')
        .where({ id: reset.user_id })
        .update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      await tokens.revokeAllOf(reset.user_id, trx);
    });
    res.status(204).end();
  });

  const self = Router();
  self.use(['/api/v1/auth/me', '/api/v1/auth/change-password'], authenticate(deps.verifier));
  self.get('/api/v1/auth/me', async (req, res) => {
    res.json(await toUserView(db, await findUser(db, userOf(req).userId)));
  });
  self.patch('/api/v1/auth/me', async (req, res) => {
    const body = parseInput(profileSchema, req.body, 'body');
    const { userId } = userOf(req);
    await db('users').where({ id: userId }).update({ name: body.name, updated_at: db.fn.now() });
    res.json(await toUserView(db, await findUser(db, userId)));
  });
  self.post('/api/v1/auth/change-password', async (req, res) => {
    const body = parseInput(changeSchema, req.body, 'body');
    const user = await findUser(db, userOf(req).userId);
    if (!(await passwords.verify(user.password_hash, body.currentPassword))) {
      throw new UnauthorizedError('current password is wrong', 'body.currentPassword');
    }
    assertStrongEnough(body.newPassword, 'body.newPassword');
    const passwordHash = await passwords.hash(body.newPassword);
    await db.transaction(async (trx) => {
      await trx('users')
        .where({ id: user.id })
        .update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      await tokens.revokeAllOf(String(user.id), trx);
    });
    res.status(204).end();
  });
  router.use(self);
  return router;
}

export const sessionRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/auth/register',
    summary: 'Self-register a requester',
    access: 'public',
    body: registerSchema,
    ok: 201,
    errors: [403, 409],
  },
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
  {
    method: 'post',
    path: '/api/v1/auth/password-reset',
    summary: 'Mail a password reset link',
    access: 'public',
    body: resetRequestSchema,
    ok: 202,
    errors: [429],
  },
  {
    method: 'post',
    path: '/api/v1/auth/password-reset/confirm',
    summary: 'Set a new password with a reset token',
    access: 'public',
    body: resetConfirmSchema,
    ok: 204,
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/v1/auth/me',
    summary: 'The caller’s profile and roles',
    access: 'user',
    ok: 200,
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/auth/me',
    summary: 'Change the caller’s name',
    access: 'user',
    body: profileSchema,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/auth/change-password',
    summary: 'Change the caller’s password',
    access: 'user',
    body: changeSchema,
    ok: 204,
    errors: [404],
  },
];
