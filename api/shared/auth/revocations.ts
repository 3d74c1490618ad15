import type { Logger } from '../../../infra/logging/logger';

/** Why a user's earlier tokens were voided: sockets close 4401 or 4403 accordingly. */
export type RevocationReason = 'deactivated' | 'roles' | 'password';

/** "Access tokens of this user issued before `revokedBefore` are void" (the auth service's record). */
export interface Revocation {
  userId: string;
  revokedBefore: string;
  reason: RevocationReason;
}

/** What the auth service answers on /internal/v1/token-revocations; `asOf` is the next `since`. */
export interface RevocationPage {
  items: Revocation[];
  asOf: string;
}

/** Revocations changed since a cursor (null: all that can still void an unexpired token). */
export type RevocationSource = (since: string | null) => Promise<RevocationPage>;

/** Whether a user token issued at `issuedAt` (JWT iat, seconds) has been voided. */
export interface RevocationCheck {
  voiding(
    userId: string,
    issuedAt: number,
  ): Revocation | undefined | Promise<Revocation | undefined>;
}

/** A revocation check that also tells when a revocation arrives (socket servers close sessions). */
export interface RevocationFeed extends RevocationCheck {
  /** Called for each revocation that is new or moved forward. */
  onRevoked(listener: (revocation: Revocation) => void): void;
}

/** A token issued at `issuedAt` (seconds) is void when that is before the revocation. */
export const voids = (revocation: Revocation, issuedAt: number): boolean =>
  issuedAt * 1000 < Date.parse(revocation.revokedBefore);

export interface PolledRevocationsOptions {
  pollMs: number;
  /** Entries older than one access-token lifetime void nothing left and are forgotten. */
  accessTtlSeconds: number;
  logger: Logger;
}

/**
 * A service's copy of the auth service's revocations: a full load at start, then every `pollMs`
 * the changes since the last answer. Polling (rather than a broker fanout) keeps each instance
 * self-healing: a missed poll is caught up by the next one and a restart reloads everything.
 * While auth is unreachable the last list stays in force and the poll is retried.
 */
export class PolledRevocations implements RevocationFeed {
  private readonly entries = new Map<string, Revocation>();
  private readonly listeners: ((revocation: Revocation) => void)[] = [];
  private cursor: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly source: RevocationSource,
    private readonly options: PolledRevocationsOptions,
  ) {}

  voiding(userId: string, issuedAt: number): Revocation | undefined {
    const revocation = this.entries.get(userId);
    return revocation && voids(revocation, issuedAt) ? revocation : undefined;
  }

  onRevoked(listener: (revocation: Revocation) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One poll: applies what changed since the last answer. */
  async poll(): Promise<void> {
    const page = await this.source(this.cursor);
    for (const revocation of page.items) {
      const known = this.entries.get(revocation.userId);
      if (known && Date.parse(known.revokedBefore) >= Date.parse(revocation.revokedBefore))
        continue;
      this.entries.set(revocation.userId, revocation);
      for (const listener of this.listeners) listener(revocation);
    }
    this.cursor = page.asOf;
    const horizon = Date.now() - this.options.accessTtlSeconds * 1000;
    for (const [userId, revocation] of this.entries) {
      if (Date.parse(revocation.revokedBefore) < horizon) this.entries.delete(userId);
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.poll()
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'token revocations: poll failed, retrying'),
        )
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.options.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
