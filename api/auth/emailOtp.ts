import { randomInt, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UnauthorizedError } from '../../domain/errors';
import type { OtpLimits } from '../../infra/config/config';
import type { AccountMail } from './accountMail';
import type { PasswordHasher } from './passwords';
import { tooManyRequests } from './rateCounters';
import { findUser, type UserRow } from './users';

/** How long a challenge is kept after it was made (used, expired or not): a day. */
export const CHALLENGES_KEPT_SECONDS = 86_400;

/** Codes mailed to one account per mail window, over all its sign-ins. */
const CODES_PER_RECIPIENT = 10;

/** What a sign-in whose password was right answers when the account asks for a mailed code. */
export interface LoginChallenge {
  challengeId: string;
  method: 'email_otp';
  /** The address the code went to, masked (a•••@example.com). */
  sentTo: string;
  /** Seconds the mailed code works. */
  expiresIn: number;
  /** Seconds before another code may be asked for. */
  resendIn: number;
  attemptsLeft: number;
}

interface ChallengeRow {
  id: string;
  user_id: string;
  code_hash: string;
  expires_at: Date;
  attempts: number;
  sends: number;
  last_sent_at: Date;
  consumed_at: Date | null;
  revoked_at: Date | null;
}

const maskEmail = (email: string): string => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
};

const secondsUntil = (date: Date): number =>
  Math.max(1, Math.ceil((date.getTime() - Date.now()) / 1000));

/**
 * The e-mailed one-time code of two-step sign-in. A challenge is made once the password was
 * right; its 6-digit code is stored as an argon2 hash, works for `ttlSeconds`, can be tried
 * `maxAttempts` times (each try is counted before the code is checked, so a parallel burst gets
 * no more), and works once. Another code may be mailed every `resendSeconds`, `maxSends` times
 * per challenge, and an account receives at most CODES_PER_RECIPIENT codes per mail window.
 */
export class EmailOtp {
  constructor(
    private readonly deps: {
      db: Knex;
      passwords: PasswordHasher;
      mail: AccountMail;
      limits: OtpLimits;
    },
  ) {}

  async start(user: UserRow): Promise<LoginChallenge> {
    const { db, passwords, limits } = this.deps;
    await this.admitCode(user);
    const code = newCode();
    const [row] = await db('login_challenges')
      .insert({
        id: randomUUID(),
        user_id: user.id,
        code_hash: await passwords.hash(code),
        expires_at: new Date(Date.now() + limits.ttlSeconds * 1000),
      })
      .returning<ChallengeRow[]>('*');
    if (!row) throw new Error('login challenge insert returned no row');
    await this.mailCode(user, row, code);
    return this.view(user, row);
  }

  async resend(challengeId: string): Promise<LoginChallenge> {
    const { db, passwords, limits } = this.deps;
    const row = await this.open(challengeId);
    if (row.sends >= limits.maxSends)
      throw tooManyRequests(
        'no more codes for this sign-in: sign in again',
        'body.challengeId',
        secondsUntil(row.expires_at),
      );
    const nextAt = new Date(row.last_sent_at.getTime() + limits.resendSeconds * 1000);
    if (nextAt.getTime() > Date.now())
      throw tooManyRequests('a code was just sent', 'body.challengeId', secondsUntil(nextAt));
    const user = await findUser(db, String(row.user_id));
    await this.admitCode(user);
    const code = newCode();
    const [updated] = await db('login_challenges')
      // Two resends racing: only the one that saw the current send count wins.
      .where({ id: row.id, sends: row.sends })
      .whereNull('consumed_at')
      .whereNull('revoked_at')
      .update({
        code_hash: await passwords.hash(code),
        expires_at: new Date(Date.now() + limits.ttlSeconds * 1000),
        sends: row.sends + 1,
        last_sent_at: db.fn.now(),
      })
      .returning<ChallengeRow[]>('*');
    if (!updated)
      throw tooManyRequests('a code was just sent', 'body.challengeId', limits.resendSeconds || 1);
    await this.mailCode(user, updated, code);
    return this.view(user, updated);
  }

  /** Checks the code and uses the challenge up; answers its (active) user. */
  async verify(challengeId: string, code: string): Promise<UserRow> {
    const { db, limits } = this.deps;
    const [row] = await db('login_challenges')
      .where({ id: challengeId })
      .whereNull('consumed_at')
      .whereNull('revoked_at')
      .where('attempts', '<', limits.maxAttempts)
      .increment('attempts', 1)
      .returning<ChallengeRow[]>('*');
    if (!row) {
      await this.open(challengeId);
      throw new UnauthorizedError('this sign-in cannot go on: sign in again', 'body.challengeId');
    }
    if (row.expires_at.getTime() <= Date.now())
      throw new UnauthorizedError('the code has expired: ask for a new one', 'body.code', {
        attemptsLeft: limits.maxAttempts - row.attempts,
      });
    if (!(await this.deps.passwords.verify(row.code_hash, code))) {
      const attemptsLeft = limits.maxAttempts - row.attempts;
      throw new UnauthorizedError(
        attemptsLeft > 0
          ? `the code is wrong: ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left`
          : 'the code is wrong, and that was the last try: sign in again',
        'body.code',
        { attemptsLeft },
      );
    }
    const used = await db('login_challenges')
      .where({ id: row.id })
      .whereNull('consumed_at')
      .update({ consumed_at: db.fn.now() });
    if (used === 0) throw new ConflictError('this sign-in is already complete', 'body.challengeId');
    const user = await findUser(db, String(row.user_id));
    if (!user.active) throw new UnauthorizedError('invalid email or password', 'body.challengeId');
    return user;
  }

  /** Pending codes stop working (the password changed: sign in again with the new one). */
  static async revokeAllOf(trx: Knex, userId: string): Promise<void> {
    await trx('login_challenges')
      .where({ user_id: userId })
      .whereNull('consumed_at')
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now() });
  }

  /** Deletes challenges made longer ago than that; answers how many. */
  static async purge(db: Knex, olderThanSeconds: number): Promise<number> {
    return db('login_challenges')
      .where('created_at', '<', db.raw('now() - make_interval(secs => ?)', [olderThanSeconds]))
      .delete();
  }

  /** The challenge if it can still be answered; otherwise the 4xx that says why not. */
  private async open(challengeId: string): Promise<ChallengeRow> {
    const row = await this.deps
      .db<ChallengeRow>('login_challenges')
      .where({ id: challengeId })
      .first();
    if (!row) throw new NotFoundError('no such sign-in: sign in again', 'body.challengeId');
    if (row.consumed_at)
      throw new ConflictError('this sign-in is already complete', 'body.challengeId');
    if (row.revoked_at)
      throw new UnauthorizedError('the password changed: sign in again', 'body.challengeId');
    if (row.attempts >= this.deps.limits.maxAttempts)
      throw new UnauthorizedError('too many wrong codes: sign in again', 'body.challengeId', {
        attemptsLeft: 0,
      });
    return row;
  }

  private async admitCode(user: UserRow): Promise<void> {
    const { hits, retryAfter } = await this.deps.mail.countMail('login-code', user.email);
    if (hits > CODES_PER_RECIPIENT)
      throw tooManyRequests('too many sign-in codes for this account', 'email', retryAfter);
  }

  private async mailCode(user: UserRow, row: ChallengeRow, code: string): Promise<void> {
    await this.deps.mail.send(`login-code:${row.id}:${row.sends}`, 'login_code', user, {
      code,
      minutes: Math.max(1, Math.round(this.deps.limits.ttlSeconds / 60)),
    });
  }

  private view(user: UserRow, row: ChallengeRow): LoginChallenge {
    return {
      challengeId: row.id,
      method: 'email_otp',
      sentTo: maskEmail(user.email),
      expiresIn: secondsUntil(row.expires_at),
      resendIn: this.deps.limits.resendSeconds,
      attemptsLeft: this.deps.limits.maxAttempts - row.attempts,
    };
  }
}

/** Six digits, uniformly drawn (leading zeros kept). */
function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
