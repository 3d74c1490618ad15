import type { Knex } from 'knex';
import { z } from 'zod';
import { ForbiddenError } from '../../../domain/errors';
import type { RequestHandler } from 'express';
import { userOf } from '../../shared/auth/middleware';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { clientAddress, signInClient } from '../clientAddress';
import type { PasswordChange } from '../passwordChange';
import type { PasswordConfirmationDeps } from '../passwordConfirmation';
import type { PasswordResets } from '../passwordResets';
import { renameUser, setTwoStepSignIn } from '../profile';
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
  /** Authenticates the caller (the profile routes). */
  signedIn: RequestHandler;
  selfRegistration: boolean;
  registration: Registration;
  resets: PasswordResets;
  passwordChange: PasswordChange;
  /** What confirming the password needs (wrong ones are throttled and alerted like sign-ins). */
  confirmation: PasswordConfirmationDeps;
}

/** Self-registration, password reset, and the signed-in user's own profile and password. */
export function accountRoutes(deps: AccountDeps): RouteTable {
  const { db } = deps;
  const { signedIn } = deps;
  return routeTable([
    route({
      method: 'post',
      path: '/api/v1/auth/register',
      summary:
        'Self-register a requester; answered alike whether or not the address has an account (its owner is mailed)',
      access: 'public',
      body: registerSchema,
      ok: 202,
      errors: [403, 429],
      before: [
        (_req, _res, next) => {
          next(
            deps.selfRegistration
              ? undefined
              : new ForbiddenError('self-registration is disabled', 'path'),
          );
        },
      ],
      handle: async ({ body, req }) => {
        await deps.registration.register(body, clientAddress(req));
        return REGISTERED;
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/password-reset',
      summary: 'Mail a password reset link (answered alike for every address)',
      access: 'public',
      body: resetRequestSchema,
      ok: 202,
      errors: [429],
      handle: async ({ body, req }) => {
        await deps.resets.request(body.email, clientAddress(req));
        return RESET_REQUESTED;
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/password-reset/confirm',
      summary: 'Set a new password with the newest reset token; ends every session',
      access: 'public',
      body: resetConfirmSchema,
      ok: 204,
      errors: [401],
      handle: async ({ body }) => {
        await deps.resets.confirm(body.token, body.newPassword);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/auth/me',
      summary: 'The caller’s profile and roles',
      access: 'user',
      ok: 200,
      errors: [404],
      before: [signedIn],
      handle: async ({ req }) => toUserView(db, await findUser(db, userOf(req).userId)),
    }),
    route({
      method: 'patch',
      path: '/api/v1/auth/me',
      summary: 'Change the caller’s name',
      access: 'user',
      body: profileSchema,
      ok: 200,
      errors: [404],
      before: [signedIn],
      handle: ({ body, req }) => renameUser(db, userOf(req).userId, body.name),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/change-password',
      summary:
        'Change the caller’s password: other sessions end, the caller gets a fresh token pair',
      access: 'user',
      body: changeSchema,
      ok: 200,
      errors: [401, 404, 429],
      before: [signedIn],
      handle: ({ body, req }) =>
        deps.passwordChange.change(
          userOf(req).userId,
          { current: body.currentPassword, next: body.newPassword },
          signInClient(req),
        ),
    }),
    route({
      method: 'put',
      path: '/api/v1/auth/me/email-otp',
      summary:
        'Turn the caller’s two-step sign-in (a code mailed at each sign-in) on or off; needs the password',
      access: 'user',
      body: emailOtpSchema,
      ok: 200,
      errors: [401, 404, 429],
      before: [signedIn],
      handle: ({ body, req }) =>
        setTwoStepSignIn(db, deps.confirmation, {
          userId: userOf(req).userId,
          enabled: body.enabled,
          password: body.password,
          client: signInClient(req),
        }),
    }),
  ]);
}
