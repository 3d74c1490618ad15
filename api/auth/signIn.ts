import type { Knex } from 'knex';
import { UnauthorizedError } from '../../domain/errors';
import type { SignInClient } from './clientAddress';
import type { EmailOtp, LoginChallenge } from './emailOtp';
import type { LoginThrottle } from './loginThrottle';
import type { PasswordHasher } from './passwords';
import type { SignInAlerts } from './signInAlerts';
import type { TokenPair, TokenService } from './tokens';
import { findUserByEmail, toUserView, type UserRow, type UserView } from './users';

export interface SignInDeps {
  db: Knex;
  passwords: PasswordHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
  alerts: SignInAlerts;
  otp: EmailOtp;
}

/** A finished sign-in's tokens, or the challenge an account with two-step sign-in answers first. */
export type SignInOutcome =
  | { kind: 'tokens'; pair: TokenPair; user: UserView }
  | { kind: 'challenge'; challenge: LoginChallenge };

/**
 * Password sign-in, throttled per (account, client address) and per client address. Unknown
 * accounts, wrong passwords and deactivated users fail alike and take as long; the owner of an
 * active account is alerted (mail and in-app) when LoginThrottle says the failures are worth it.
 * An account with two-step sign-in gets a mailed code instead of tokens, which `complete` takes.
 * Tokens are issued only with the client remembered, and a new client is announced to the owner.
 */
export class SignIn {
  constructor(private readonly deps: SignInDeps) {}

  async signIn(email: string, password: string, client: SignInClient): Promise<SignInOutcome> {
    const { db, passwords, throttle } = this.deps;
    await throttle.admit(email, client.address);
    const user = await findUserByEmail(db, email);
    const valid = user
      ? await passwords.verify(user.password_hash, password)
      : await passwords.verifyNothing(password);
    if (!user || !valid || !user.active) {
      const attempts = await throttle.recordFailure(email);
      if (attempts !== null && user?.active) await this.deps.alerts.failed(user, attempts, client);
      throw new UnauthorizedError('invalid email or password', 'email');
    }
    await throttle.recordSuccess(email, client.address);
    if (user.email_otp_enabled)
      return { kind: 'challenge', challenge: await this.deps.otp.start(user) };
    return this.finish(user, client);
  }

  /** The second step: the challenge's mailed code for the tokens. */
  async complete(challengeId: string, code: string, client: SignInClient): Promise<SignInOutcome> {
    return this.finish(await this.deps.otp.verify(challengeId, code), client);
  }

  private async finish(user: UserRow, client: SignInClient): Promise<SignInOutcome> {
    const { db } = this.deps;
    await db('users').where({ id: user.id }).update({ last_login_at: db.fn.now() });
    await this.deps.alerts.signedIn(user, client);
    return {
      kind: 'tokens',
      pair: await this.deps.tokens.issue(user),
      user: await toUserView(db, user),
    };
  }
}
