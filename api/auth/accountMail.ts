import type { NotificationMessage } from '../../domain/notifications';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import { tooManyRequests, type CounterState, type RateCounters } from './rateCounters';
import type { UserRow } from './users';

export interface MailLimits {
  maxPerRecipient: number;
  maxRequestsPerAddress: number;
  windowSeconds: number;
}

/** What may mail an account: each purpose has its own counters, so one cannot starve another. */
export type MailPurpose = 'password-reset' | 'registration' | 'login-alert' | 'login-code';

/** A notification to the owner of an account, in the notification queues' shape. */
export function accountMessage(
  id: string,
  type: NotificationMessage['type'],
  user: UserRow,
  data: NotificationMessage['data'],
): NotificationMessage {
  return {
    id,
    type,
    recipient: { userId: String(user.id), email: user.email, name: user.name },
    data,
    createdAt: new Date().toISOString(),
  };
}

/**
 * Mails to account owners (reset links, registration notices) through the notification service,
 * bounded twice: a client address may make so many such requests per window (then 429, which
 * says nothing about any account), and an address receives so many mails per window, however
 * many clients ask (past that the request is answered as usual and nothing is sent).
 */
export class AccountMail {
  constructor(
    private readonly broker: Broker,
    private readonly counters: RateCounters,
    private readonly limits: MailLimits,
  ) {}

  /** Counts the client's request; 429 with Retry-After past the per-address limit. */
  async admit(purpose: MailPurpose, clientAddress: string): Promise<void> {
    const { hits, retryAfter } = await this.counters.hit(
      `mail-request:${purpose}:${clientAddress}`,
      this.limits.windowSeconds,
    );
    if (hits > this.limits.maxRequestsPerAddress)
      throw tooManyRequests('too many requests from this address', 'email', retryAfter);
  }

  /** Counts a mail to the address (known account or not) and answers whether it is within limits. */
  async mayMail(purpose: MailPurpose, email: string): Promise<boolean> {
    return (await this.countMail(purpose, email)).hits <= this.limits.maxPerRecipient;
  }

  /** Counts a mail to the address in the purpose's window: hits so far and when it ends. */
  countMail(purpose: MailPurpose, email: string): Promise<CounterState> {
    return this.counters.hit(
      `mail-recipient:${purpose}:${email.toLowerCase()}`,
      this.limits.windowSeconds,
    );
  }

  async send(
    id: string,
    type: NotificationMessage['type'],
    user: UserRow,
    data: NotificationMessage['data'],
  ): Promise<void> {
    const message = accountMessage(id, type, user, data);
    await this.broker.sendToQueue(queueName(this.broker.prefix, 'notification'), message, {
      messageId: id,
    });
  }
}
