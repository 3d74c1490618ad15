import type { RateCounters } from './rateCounters';
import { tooManyRequests } from './rateCounters';

export interface LoginLimits {
  /** Failures of one account from one client address per window. */
  perAccountAddress: number;
  /** Failures from one client address over every account per window. */
  perAddress: number;
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

  private keys(account: string, address: string): { pair: string; address: string } {
    return {
      pair: `login:account-address:${account.toLowerCase()}|${address}`,
      address: `login:address:${address}`,
    };
  }

  async assertAllowed(account: string, address: string): Promise<void> {
    const keys = this.keys(account, address);
    const { windowSeconds } = this.limits;
    const pair = await this.counters.peek(keys.pair, windowSeconds);
    const fromAddress = await this.counters.peek(keys.address, windowSeconds);
    const blocked = [
      ...(pair.hits >= this.limits.perAccountAddress ? [pair.retryAfter] : []),
      ...(fromAddress.hits >= this.limits.perAddress ? [fromAddress.retryAfter] : []),
    ];
    if (blocked.length > 0)
      throw tooManyRequests('too many failed sign-ins', 'email', Math.max(...blocked));
  }

  async recordFailure(account: string, address: string): Promise<void> {
    const keys = this.keys(account, address);
    await this.counters.hit(keys.pair, this.limits.windowSeconds);
    await this.counters.hit(keys.address, this.limits.windowSeconds);
  }

  async recordSuccess(account: string, address: string): Promise<void> {
    await this.counters.clear(this.keys(account, address).pair);
  }
}
