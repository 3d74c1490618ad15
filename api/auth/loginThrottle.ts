import { tooManyRequests, type RateCounters } from './rateCounters';

export interface LoginLimits {
  /** Failures of one account from one client address per window. */
  perAccountAddress: number;
  /** Failures from one client address over every account per window. */
  perAddress: number;
  /** Failures of one account from anywhere per window that make it worth telling the owner. */
  alertAfter: number;
  windowSeconds: number;
}

/**
 * Failed password checks (sign-in and change-password) counted per (account, client address) and
 * per client address, never per account alone: strangers failing from elsewhere cannot lock the
 * owner out of their own address, and one address cannot try many accounts. A success clears
 * only its own (account, address) counter.
 */
export class LoginThrottle {
  constructor(
    private readonly counters: RateCounters,
    private readonly limits: LoginLimits,
  ) {}

  private keys(account: string, address: string): Record<'pair' | 'address' | 'account', string> {
    return {
      pair: `login:account-address:${account.toLowerCase()}|${address}`,
      address: `login:address:${address}`,
      account: `login:account:${account.toLowerCase()}`,
    };
  }

  /**
   * Counts the attempt before the password is checked, so parallel guesses cannot all pass a
   * check made before any of them was counted; past a limit the attempt is taken back and 429.
   */
  async admit(account: string, address: string): Promise<void> {
    const keys = this.keys(account, address);
    const { windowSeconds } = this.limits;
    const pair = await this.counters.hit(keys.pair, windowSeconds);
    const fromAddress = await this.counters.hit(keys.address, windowSeconds);
    const blocked = [
      ...(pair.hits > this.limits.perAccountAddress ? [pair.retryAfter] : []),
      ...(fromAddress.hits > this.limits.perAddress ? [fromAddress.retryAfter] : []),
    ];
    if (blocked.length === 0) return;
    await this.counters.undo(keys.pair);
    await this.counters.undo(keys.address);
    throw tooManyRequests('too many failed sign-ins', 'email', Math.max(...blocked));
  }

  /**
   * The admitted attempt failed and stays counted. The account's count over every address
   * refuses nobody (that would hand strangers the lockout again); it answers the count when it
   * just reached the alert threshold, once per window, so the owner can be told of a guessing
   * campaign spread over many addresses.
   */
  async recordFailure(account: string): Promise<number | null> {
    const { windowSeconds, alertAfter } = this.limits;
    const { hits } = await this.counters.hit(this.keys(account, '').account, windowSeconds);
    return hits === alertAfter ? hits : null;
  }

  /** The admitted attempt succeeded: it is taken back and the pair's failures are forgotten. */
  async recordSuccess(account: string, address: string): Promise<void> {
    const keys = this.keys(account, address);
    await this.counters.clear(keys.pair);
    await this.counters.undo(keys.address);
  }

  /** Clears the account's counters at every address: its owner has just proven who they are. */
  async forgetAccount(account: string): Promise<void> {
    await this.counters.clearPrefix(this.keys(account, '').pair);
  }
}
