import type { Knex } from 'knex';
import { EmailOtp } from './emailOtp';
import type { SignInClient } from './clientAddress';
import { confirmPassword, type PasswordConfirmationDeps } from './passwordConfirmation';
import { assertStrongEnough } from './passwords';
import { revokeAccessTokens } from './revocations';
import type { TokenPair, TokenService } from './tokens';
import { findUser } from './users';

export interface PasswordChangeDeps extends PasswordConfirmationDeps {
  db: Knex;
  tokens: TokenService;
}

/**
 * A signed-in user's password change. Wrong current passwords count like failed sign-ins of the
 * account from that client address (a stolen access token cannot be used to guess the password
 * faster than signing in could) and alert the owner like them. A change revokes every refresh
 * and access token of the user and answers a fresh pair, so the caller stays signed in and every
 * other session ends at once.
 */
export class PasswordChange {
  constructor(private readonly deps: PasswordChangeDeps) {}

  async change(
    userId: string,
    passwords: { current: string; next: string },
    client: SignInClient,
  ): Promise<TokenPair> {
    const { db, tokens } = this.deps;
    const user = await findUser(db, userId);
    await confirmPassword(this.deps, user, passwords.current, client, 'body.currentPassword');
    assertStrongEnough(passwords.next, 'body.newPassword');
    const passwordHash = await this.deps.passwords.hash(passwords.next);
    return db.transaction(async (trx) => {
      await trx('users')
        .where({ id: user.id })
        .update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      await tokens.revokeAllOf(String(user.id), trx);
      await revokeAccessTokens(trx, String(user.id), 'password');
      await EmailOtp.revokeAllOf(trx, String(user.id));
      return tokens.issue(user, undefined, trx);
    });
  }
}
