import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { UnauthorizedError } from '../../domain/errors';
import type { AccountMail } from './accountMail';
import { EmailOtp } from './emailOtp';
import type { LoginThrottle } from './loginThrottle';
import { assertStrongEnough, type PasswordHasher } from './passwords';
import { revokeAccessTokens } from './revocations';
import { sha256, type TokenService } from './tokens';
import { findUser, findUserByEmail } from './users';

const RESET_TTL_MS = 3600_000;

export interface PasswordResetDeps {
  db: Knex;
  tokens: TokenService;
  passwords: PasswordHasher;
  mail: AccountMail;
  throttle: LoginThrottle;
  /** The web app's URL: reset links point at its reset page. */
  webUrl: string;
}

/**
 * Password reset by mailed single-use token. Only the newest token of a user works (a new one
 * revokes the older ones), and requests past the mail limits create no token, so the last link
 * the owner received stays valid however often others ask. A reset revokes every outstanding
 * reset token and every session (refresh token) of the user, and clears its failed sign-ins.
 */
export class PasswordResets {
  constructor(private readonly deps: PasswordResetDeps) {}

  /** Mails a reset link if the address is an active account and within limits; silent otherwise. */
  async request(email: string, clientAddress: string): Promise<void> {
    const { db, mail } = this.deps;
    await mail.admit('password-reset', clientAddress);
    if (!(await mail.mayMail('password-reset', email))) return;
    const user = await findUserByEmail(db, email);
    if (!user?.active) return;
    const token = randomBytes(32).toString('base64url');
    await db.transaction(async (trx) => {
      // Requests for one user take turns, so two racing ones cannot both leave a valid token.
      await trx('users').where({ id: user.id }).forUpdate().first('id');
      await this.revokeOutstanding(trx, String(user.id));
      await trx('password_resets').insert({
        token_hash: sha256(token),
        user_id: user.id,
        expires_at: new Date(Date.now() + RESET_TTL_MS),
      });
    });
    await mail.send(`password-reset:${sha256(token).slice(0, 32)}`, 'password_reset', user, {
      resetUrl: `${this.deps.webUrl}/reset-password?token=${token}`,
    });
  }

  async confirm(token: string, newPassword: string): Promise<void> {
    assertStrongEnough(newPassword, 'body.newPassword');
    const passwordHash = await this.deps.passwords.hash(newPassword);
    const userId = await this.deps.db.transaction(async (trx) => {
      const reset = await trx('password_resets')
        .where({ token_hash: sha256(token) })
        .whereNull('used_at')
        .whereNull('revoked_at')
        .where('expires_at', '>', trx.fn.now())
        .forUpdate()
        .first<{ user_id: string } | undefined>('user_id');
      if (!reset)
        throw new UnauthorizedError('reset token is invalid, used or expired', 'body.token');
      await trx('password_resets')
        .where({ token_hash: sha256(token) })
        .update({ used_at: trx.fn.now() });
      await this.revokeOutstanding(trx, String(reset.user_id));
      await trx('users')
        .where({ id: reset.user_id })
        .update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      await this.deps.tokens.revokeAllOf(String(reset.user_id), trx);
      await revokeAccessTokens(trx, String(reset.user_id), 'password');
      await EmailOtp.revokeAllOf(trx, String(reset.user_id));
      return String(reset.user_id);
    });
    await this.deps.throttle.forgetAccount((await findUser(this.deps.db, userId)).email);
  }

  private async revokeOutstanding(trx: Knex, userId: string): Promise<void> {
    await trx('password_resets')
      .where({ user_id: userId })
      .whereNull('used_at')
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now() });
  }
}
