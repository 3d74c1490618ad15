import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { describeClient } from '../../domain/clients';
import { accountMessage, type AccountMail } from './accountMail';
import type { SignInClient } from './clientAddress';
import { enqueueNotification } from './syncEvents';
import { sha256 } from './tokens';
import type { UserRow } from './users';

/** Clients remembered per user; the least recently seen beyond this are forgotten. */
const KNOWN_CLIENTS = 50;

export interface SignInAlertDeps {
  db: Knex;
  mail: AccountMail;
  /** The failure window, named in the failed-login alert. */
  windowSeconds: number;
}

/**
 * The account owner's sign-in alerts, by mail and in-app, through the auth outbox (so neither a
 * sign-in's answer nor its timing depends on the broker, and no alert is lost while it is down).
 * A successful sign-in from a client (address + User-Agent) the user never signed in from is
 * announced, within the per-recipient mail limit; the user's first recorded sign-in only
 * remembers its client. Failed sign-ins are announced by the caller when LoginThrottle says so.
 */
export class SignInAlerts {
  constructor(private readonly deps: SignInAlertDeps) {}

  async failed(user: UserRow, attempts: number, client: SignInClient): Promise<void> {
    await enqueueNotification(
      this.deps.db,
      accountMessage(`failed-login-alert:${randomUUID()}`, 'failed_login_alert', user, {
        attempts,
        minutes: Math.max(1, Math.round(this.deps.windowSeconds / 60)),
        ip: client.address,
        client: describeClient(client.userAgent),
      }),
    );
  }

  /** Two-step sign-in was turned on or off: the owner hears of it wherever they are signed in. */
  async twoStepChanged(user: UserRow, enabled: boolean, client: SignInClient): Promise<void> {
    await enqueueNotification(
      this.deps.db,
      accountMessage(`email-otp-changed:${randomUUID()}`, 'email_otp_changed', user, {
        enabled,
        ip: client.address,
        client: describeClient(client.userAgent),
      }),
    );
  }

  /** Remembers the client; answers whether the owner is alerted of it as new. */
  async signedIn(user: UserRow, client: SignInClient): Promise<boolean> {
    const clientHash = sha256(`${client.address}|${client.userAgent}`);
    const isNew = await this.deps.db.transaction(async (trx) => {
      // Sign-ins of one user take turns here, so two new clients at once are both told apart.
      await trx('users').where({ id: user.id }).forUpdate().first('id');
      const known = await trx('login_clients')
        .where({ user_id: user.id })
        .count<{ count: string }[]>('* as count');
      const { rows } = await trx.raw<{ rows: { inserted: boolean }[] }>(
        `insert into login_clients (user_id, client_hash) values (?, ?)
         on conflict (user_id, client_hash) do update set last_seen_at = now()
         returning (xmax = 0) as inserted`,
        [user.id, clientHash],
      );
      if (!rows[0]?.inserted) return false;
      await trx.raw(
        `delete from login_clients where user_id = ? and client_hash not in (
           select client_hash from login_clients where user_id = ?
           order by last_seen_at desc, client_hash limit ?)`,
        [user.id, user.id, KNOWN_CLIENTS],
      );
      return Number(known[0]?.count ?? 0) > 0;
    });
    if (!isNew || !(await this.deps.mail.mayMail('login-alert', user.email))) return false;
    await enqueueNotification(
      this.deps.db,
      accountMessage(`login-alert:${randomUUID()}`, 'login_alert', user, {
        ip: client.address,
        client: describeClient(client.userAgent),
        at: new Date().toISOString(),
      }),
    );
    return true;
  }
}
