import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { UnauthorizedError } from '../../domain/errors';
import type { AccountMail } from './accountMail';
import type { LoginThrottle } from './loginThrottle';
import type { PasswordHasher } from './passwords';
import type { TokenPair, TokenService } from './tokens';
import { findUserByEmail, toUserView, type UserView } from './users';

export interface SignInDeps {
  db: Knex;
  passwords: PasswordHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
  mail: AccountMail;
  /** The failure window, named in the owner's alert. */
  windowSeconds: number;
}

/**
 * Password sign-in, throttled per (account, client address) and per client address. Unknown
 * accounts, wrong passwords and deactivated users fail alike and take as long; an active
 * account whose failures from everywhere reach the alert threshold gets its owner mailed.
 */
export class SignIn {
  constructor(private readonly deps: SignInDeps) {}

  async signIn(
    email: string,
    password: string,
    clientAddress: string,
  ): Promise<{ pair: TokenPair; user: UserView }> {
    const { db, passwords, throttle } = this.deps;
    await throttle.admit(email, clientAddress);
    const user = await findUserByEmail(db, email);
    const valid = user
      ? await passwords.verify(user.password_hash, password)
      : await passwords.verifyNothing(password);
    if (!user || !valid || !user.active) {
      const attempts = await throttle.recordFailure(email);
      if (attempts !== null && user?.active) {
        await this.deps.mail.send(
          `failed-login-alert:${randomUUID()}`,
          'failed_login_alert',
          user,
          {
            attempts,
            minutes: Math.round(this.deps.windowSeconds / 60),
            ip: clientAddress,
          },
        );
      }
      throw new UnauthorizedError('invalid email or password', 'email');
    }
    await throttle.recordSuccess(email, clientAddress);
    await db('users').where({ id: user.id }).update({ last_login_at: db.fn.now() });
    return { pair: await this.deps.tokens.issue(user), user: await toUserView(db, user) };
  }
}
