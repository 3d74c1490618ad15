import type { Knex } from 'knex';
import type { SignInClient } from './clientAddress';
import { confirmPassword, type PasswordConfirmationDeps } from './passwordConfirmation';
import { findUser, toUserView, type UserView } from './users';

/** The signed-in user changes their own name. */
export async function renameUser(db: Knex, userId: string, name: string): Promise<UserView> {
  await db('users').where({ id: userId }).update({ name, updated_at: db.fn.now() });
  return toUserView(db, await findUser(db, userId));
}

/**
 * Turns the user's two-step sign-in on or off. Their password confirms it (wrong ones count like
 * failed sign-ins); a real change is announced to them wherever they are signed in.
 */
export async function setTwoStepSignIn(
  db: Knex,
  confirmation: PasswordConfirmationDeps,
  request: { userId: string; enabled: boolean; password: string; client: SignInClient },
): Promise<UserView> {
  const user = await findUser(db, request.userId);
  await confirmPassword(confirmation, user, request.password, request.client, 'body.password');
  const changed = await db('users')
    .where({ id: user.id })
    .whereNot({ email_otp_enabled: request.enabled })
    .update({ email_otp_enabled: request.enabled, updated_at: db.fn.now() });
  if (changed > 0) await confirmation.alerts.twoStepChanged(user, request.enabled, request.client);
  return toUserView(db, await findUser(db, user.id));
}
