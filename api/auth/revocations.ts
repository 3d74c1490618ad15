import type { Knex } from 'knex';
import type {
  Revocation,
  RevocationCheck,
  RevocationPage,
  RevocationReason,
} from '../shared/auth/revocations';
import { voids } from '../shared/auth/revocations';

/**
 * How far back a poll looks before its cursor: a revocation's updated_at is taken inside its
 * transaction, so it can become visible a moment after a poll already moved past that time.
 */
const CURSOR_OVERLAP_SECONDS = 30;

interface RevocationRow {
  user_id: string;
  revoked_before: Date;
  reason: RevocationReason;
}

const toRevocation = (row: RevocationRow): Revocation => ({
  userId: String(row.user_id),
  revokedBefore: row.revoked_before.toISOString(),
  reason: row.reason,
});

/**
 * Voids every access token the user holds, in the caller's transaction: tokens issued before now
 * are refused by every service once it has polled (see PolledRevocations). The time is this
 * process's clock, the one tokens are dated with; the cursor column is the database's.
 */
export async function revokeAccessTokens(
  trx: Knex,
  userId: string,
  reason: RevocationReason,
): Promise<void> {
  await trx.raw(
    `insert into token_revocations (user_id, revoked_before, reason, updated_at)
     values (?, ?, ?, clock_timestamp())
     on conflict (user_id) do update set
       revoked_before = greatest(token_revocations.revoked_before, excluded.revoked_before),
       reason = excluded.reason,
       updated_at = excluded.updated_at`,
    [userId, new Date(), reason],
  );
}

/**
 * The earliest iat (seconds) a new token of the user may carry: JWT times are whole seconds, so
 * a token issued in the second of a revocation is dated to the next second to stay valid.
 */
export async function earliestIssuedAt(db: Knex, userId: string): Promise<number | undefined> {
  const row = await db<RevocationRow>('token_revocations').where({ user_id: userId }).first();
  return row ? Math.ceil(row.revoked_before.getTime() / 1000) : undefined;
}

/** The auth database's revocations: checked directly by auth, polled by the other services. */
export class RevocationStore implements RevocationCheck {
  constructor(
    private readonly db: Knex,
    private readonly accessTtlSeconds: number,
  ) {}

  async voiding(userId: string, issuedAt: number): Promise<Revocation | undefined> {
    const row = await this.db<RevocationRow>('token_revocations')
      .where({ user_id: userId })
      .first();
    const revocation = row ? toRevocation(row) : undefined;
    return revocation && voids(revocation, issuedAt) ? revocation : undefined;
  }

  /**
   * Revocations that can still void an unexpired token, changed since the cursor (overlapping);
   * a cursor older than a token lifetime reads the same as none.
   */
  async page(since: Date | null): Promise<RevocationPage> {
    const clock = await this.db.raw<{ rows: { now: Date }[] }>('select now() as now');
    const asOf = clock.rows[0]?.now ?? new Date();
    const horizon = asOf.getTime() - this.accessTtlSeconds * 1000;
    const changedAfter = Math.max(
      horizon - CURSOR_OVERLAP_SECONDS * 1000,
      (since?.getTime() ?? 0) - CURSOR_OVERLAP_SECONDS * 1000,
    );
    const rows = await this.db<RevocationRow>('token_revocations')
      .where('revoked_before', '>', new Date(horizon))
      .where('updated_at', '>', new Date(changedAfter))
      .orderBy('user_id');
    return { items: rows.map(toRevocation), asOf: asOf.toISOString() };
  }
}
