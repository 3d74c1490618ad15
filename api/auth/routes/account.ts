import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ForbiddenError } from '../../../domain/errors';
import { authenticate, userOf } from '../../shared/auth/middleware';
import type { TokenVerifier } from '../../shared/auth/verifier';
import { parseInput } from '../../shared/http/validate';
import { clientAddress, signInClient } from '../clientAddress';
import type { PasswordChange } from '../passwordChange';
import { confirmPassword, type PasswordConfirmationDeps } from '../passwordConfirmation';
import type { PasswordResets } from '../passwordResets';
import type { Registration } from '../registration';
import { findUser, toUserView } from '../users';
import { email, password } from './inputs';

const registerSchema = z.object({ email, name: z.string().trim().min(1).max(200), password });
const profileSchema = z.object({ name: z.string().trim().min(1).max(200) }).strict();
const changeSchema = z.object({ currentPassword: password, newPassword: password });
const resetRequestSchema = z.object({ email });
const resetConfirmSchema = z.object({ token: z.string().min(10).max(200), newPassword: password });
const emailOtpSchema = z.object({ enabled: z.boolean(), password }).strict();

/** Every registration is answered alike: whether the address had an account is never told. */
const REGISTERED = {
  message:
    'registration received: sign in with your new password, or follow the mail we sent if this address already has an account',
};
const RESET_REQUESTED = { message: 'if the account exists, a reset link is on its way' };

export interface AccountDeps {
  db: Knex;
  verifier: TokenVerifier;
  selfRegistration: boolean;
  registration: Registration;
  resets: PasswordResets;
  passwordChange: PasswordChange;
  /** What confirming the password needs (wrong ones are throttled and alerted like sign-ins). */
  confirmation: PasswordConfirmationDeps;
}

/** Self-registration, password reset, and the signed-in user's own profile and password. */
export function accountRoutes(deps: AccountDeps): Router {
  const { db } = deps;
  const router = Router();

  router.post('/api/v1/auth/register', async (req, res) => {
    if (!deps.selfRegistration) throw new ForbiddenError('self-registration is disabled', 'path');
    const body = parseInput(registerSchema, req.body, 'body');
    await deps.registration.register(body, clientAddress(req));
    res.status(202).json(REGISTERED);
  });

  router.post('/api/v1/auth/password-reset', async (req, res) => {
    const body = parseInput(resetRequestSchema, req.body, 'body');
    await deps.resets.request(body.email, clientAddress(req));
    res.status(202).json(RESET_REQUESTED);
  });

  router.post('/api/v1/auth/password-reset/confirm', async (req, res) => {
    const body = parseInput(resetConfirmSchema, req.body, 'body');
    await deps.resets.confirm(body.token, body.newPassword);
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
    const pair = await deps.passwordChange.change(
      userOf(req).userId,
      { current: body.currentPassword, next: body.newPassword },
      signInClient(req),
    );
    res.json(pair);
  });
  self.put('/api/v1/auth/me/email-otp', async (req, res) => {
    const body = parseInput(emailOtpSchema, req.body, 'body');
    const user = await findUser(db, userOf(req).userId);
    const client = signInClient(req);
    await confirmPassword(deps.confirmation, user, body.password, client, 'body.password');
    const changed = await db('users')
      .where({ id: user.id })
      .whereNot({ email_otp_enabled: body.enabled })
      .update({ email_otp_enabled: body.enabled, updated_at: db.fn.now() });
    if (changed > 0) await deps.confirmation.alerts.twoStepChanged(user, body.enabled, client);
    res.json(await toUserView(db, await findUser(db, user.id)));
  });
  router.use(self);
  return router;
}

export const accountRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/auth/register',
    summary:
      'Self-register a requester; answered alike whether or not the address has an account (its owner is mailed)',
    access: 'public',
    body: registerSchema,
    ok: 202,
    errors: [403, 429],
  },
  {
    method: 'post',
    path: '/api/v1/auth/password-reset',
    summary: 'Mail a password reset link (answered alike for every address)',
    access: 'public',
    body: resetRequestSchema,
    ok: 202,
    errors: [429],
  },
  {
    method: 'post',
    path: '/api/v1/auth/password-reset/confirm',
    summary: 'Set a new password with the newest reset token; ends every session',
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
    summary: 'Change the caller’s password: other sessions end, the caller gets a fresh token pair',
    access: 'user',
    body: changeSchema,
    ok: 200,
    errors: [401, 404, 429],
  },
  {
    method: 'put',
    path: '/api/v1/auth/me/email-otp',
    summary:
      'Turn the caller’s two-step sign-in (a code mailed at each sign-in) on or off; needs the password',
    access: 'user',
    body: emailOtpSchema,
    ok: 200,
    errors: [401, 404, 429],
  },
];
