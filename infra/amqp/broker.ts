import {
  connect,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type RecoveringChannelModel,
} from 'amqplib';
import { ServiceUnavailableError } from '../../domain/errors';
import { currentRequestId, REQUEST_ID_HEADER, withRequestId } from '../context/requestId';
import type { Logger } from '../logging/logger';
import { assertTopology, deadLetterQueueName } from './topology';

export interface BrokerOptions {
  url: string;
  queuePrefix: string;
  logger: Logger;
  /** Connection attempts before startup gives up (reconnects after that retry forever). */
  initialMaxRetries?: number;
}

/**
 * A message that can never be handled (it is not of the queue's shape): it goes to the
 * dead-letter queue at once, with this error's message as the reason, instead of being retried.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

/** Handles one message; resolving acks it, throwing retries it (then dead-letters it). */
export type MessageHandler = (payload: unknown, message: ConsumeMessage) => Promise<void>;

export interface ConsumeOptions {
  prefetch?: number;
  /** Deliveries before the message goes to the dead-letter queue with the last error. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  retryDelayMs?: number;
  /**
   * Errors that say "not now" (a dependency is down) rather than "never": the message goes back
   * to the queue after a backoff capped at 30 s and never counts towards maxAttempts.
   */
  isTransient?: (error: unknown) => boolean;
}

/** Receives one broadcast message (no ack: broadcasts are live hints, not work). */
export type BroadcastHandler = (payload: unknown) => void;

interface Subscription {
  exchange: string;
  handler: BroadcastHandler;
  /** Called after a reconnect re-subscribed: what was broadcast in between was missed. */
  onResubscribed: () => void;
  started: boolean;
}

interface Consumer {
  queue: string;
  handler: MessageHandler;
  options: Required<ConsumeOptions>;
  /** Transient failures in a row, for the requeue backoff. */
  transientFailures: number;
}

const MAX_TRANSIENT_DELAY_MS = 30_000;

const ATTEMPT_HEADER = 'x-attempt';

export interface PublishOptions {
  /** Stable id of the message: consumers dedupe on it. */
  messageId: string;
  headers?: Record<string, string | number>;
}

/**
 * One RabbitMQ connection per process that reconnects by itself. Every (re)connection asserts the
 * topology and opens a confirm channel, so a publish resolves only once the broker has the message.
 */
export class Broker {
  private channel: ConfirmChannel | null = null;
  private readonly consumers: Consumer[] = [];
  private readonly subscriptions: Subscription[] = [];
  /** Consumer channels and tags of the current connection, cancelled first on close. */
  private readonly consuming: { channel: ConfirmChannel; consumerTag: string }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private connection: ChannelModel | null = null;

  private constructor(
    private readonly options: BrokerOptions,
    private model: RecoveringChannelModel | null = null,
  ) {}

  static async connect(options: BrokerOptions): Promise<Broker> {
    const broker = new Broker(options);
    const model = await connect(options.url, {
      recovery: {
        initialMaxRetries: options.initialMaxRetries ?? 20,
        maxDelay: 5_000,
        waitForConnect: false,
        setup: (connection: ChannelModel) => broker.onConnect(connection),
      },
    });
    model.on('disconnect', (error: Error) => {
      broker.channel = null;
      options.logger.warn({ err: error }, 'broker connection lost, reconnecting');
    });
    model.on('error', (error: Error) => options.logger.warn({ err: error }, 'broker error'));
    broker.model = model;
    await model.waitForConnect();
    return broker;
  }

  get prefix(): string {
    return this.options.queuePrefix;
  }

  isConnected(): boolean {
    return this.channel !== null;
  }

  /** Publishes a persistent JSON message to a queue (default exchange) and waits for the confirm. */
  async sendToQueue(queue: string, payload: unknown, options: PublishOptions): Promise<void> {
    await this.publish('', queue, payload, options);
  }

  async publish(
    exchange: string,
    routingKey: string,
    payload: unknown,
    options: PublishOptions,
  ): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new ServiceUnavailableError('message broker is not connected');
    const requestId = currentRequestId();
    channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(payload)), {
      persistent: true,
      contentType: 'application/json',
      messageId: options.messageId,
      headers: {
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
        ...options.headers,
      },
      timestamp: Math.floor(Date.now() / 1000),
    });
    await channel.waitForConfirms();
  }

  /** A fresh channel on the current connection, for consumers and ad-hoc queues. */
  async createChannel(): Promise<ConfirmChannel> {
    if (!this.model) throw new ServiceUnavailableError('message broker is not connected');
    return this.model.createConfirmChannel();
  }

  /**
   * Graceful stop: consumers stop taking messages, the messages being handled finish (and are
   * acked) within `graceMs`, then the connection closes. Anything unfinished is redelivered.
   */
  async close(graceMs = 10_000): Promise<void> {
    const consuming = this.consuming.splice(0);
    for (const { channel, consumerTag } of consuming) {
      await channel.cancel(consumerTag).catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    // Closing each channel first flushes its acks: amqplib drops acks still queued on channels
    // when the connection closes under them.
    for (const { channel } of consuming) await channel.close().catch(() => undefined);
    this.channel = null;
    await this.model?.close();
  }

  /**
   * Consumes a queue for as long as the broker lives, across reconnects. A message is acked only
   * after its handler resolved; a failing one is republished with its attempt count after a
   * backoff, and after maxAttempts moved to the queue's dead-letter queue with the error.
   */
  async consume(
    queue: string,
    handler: MessageHandler,
    options: ConsumeOptions = {},
  ): Promise<void> {
    const consumer: Consumer = {
      queue,
      handler,
      options: {
        prefetch: 10,
        maxAttempts: 5,
        retryDelayMs: 200,
        isTransient: () => false,
        ...options,
      },
      transientFailures: 0,
    };
    this.consumers.push(consumer);
    if (this.connection) await this.startConsumer(this.connection, consumer);
  }

  /**
   * Receives every message published to a fanout exchange from now on, on an exclusive queue of
   * this process that is re-created after each reconnect.
   */
  async subscribe(
    exchange: string,
    handler: BroadcastHandler,
    onResubscribed: () => void = () => undefined,
  ): Promise<void> {
    const subscription: Subscription = { exchange, handler, onResubscribed, started: false };
    this.subscriptions.push(subscription);
    if (this.connection) await this.startSubscription(this.connection, subscription);
  }

  private async startSubscription(
    connection: ChannelModel,
    subscription: Subscription,
  ): Promise<void> {
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, subscription.exchange, '');
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        try {
          subscription.handler(JSON.parse(message.content.toString('utf8')) as unknown);
        } catch (error) {
          this.options.logger.warn(
            { err: error, exchange: subscription.exchange },
            'bad broadcast',
          );
        }
      },
      { noAck: true },
    );
    if (subscription.started) subscription.onResubscribed();
    subscription.started = true;
  }

  private async onConnect(connection: ChannelModel): Promise<void> {
    const channel = await connection.createConfirmChannel();
    await assertTopology(channel, this.options.queuePrefix);
    this.channel = channel;
    this.connection = connection;
    connection.on('close', () => {
      if (this.connection === connection) this.connection = null;
    });
    this.consuming.splice(0);
    for (const consumer of this.consumers) await this.startConsumer(connection, consumer);
    for (const subscription of this.subscriptions)
      await this.startSubscription(connection, subscription);
    this.options.logger.info('broker connected');
  }

  private async startConsumer(connection: ChannelModel, consumer: Consumer): Promise<void> {
    const channel = await connection.createConfirmChannel();
    await channel.prefetch(consumer.options.prefetch);
    const { consumerTag } = await channel.consume(consumer.queue, (message) => {
      if (!message) return;
      const delivery = this.deliver(channel, consumer, message).catch((error: unknown) => {
        this.options.logger.warn(
          { err: error, queue: consumer.queue },
          'delivery interrupted; the broker redelivers it',
        );
      });
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    });
    this.consuming.push({ channel, consumerTag });
  }

  private async deliver(
    channel: ConfirmChannel,
    consumer: Consumer,
    message: ConsumeMessage,
  ): Promise<void> {
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    try {
      const requestId: unknown = message.properties.headers?.[REQUEST_ID_HEADER];
      await withRequestId(typeof requestId === 'string' ? requestId : undefined, () =>
        consumer.handler(JSON.parse(message.content.toString('utf8')) as unknown, message),
      );
      consumer.transientFailures = 0;
      channel.ack(message);
      return;
    } catch (error) {
      if (consumer.options.isTransient(error)) {
        consumer.transientFailures += 1;
        const delay = Math.min(
          MAX_TRANSIENT_DELAY_MS,
          consumer.options.retryDelayMs * 2 ** Math.min(consumer.transientFailures, 10),
        );
        this.options.logger.warn(
          { err: error, queue: consumer.queue, delay },
          'dependency down, requeueing',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        channel.nack(message, false, true);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      const exhausted =
        attempt >= consumer.options.maxAttempts ||
        error instanceof SyntaxError ||
        error instanceof PoisonMessageError;
      this.options.logger.warn(
        { err: error, queue: consumer.queue, attempt, exhausted },
        'message failed',
      );
      try {
        if (!exhausted) {
          await new Promise((resolve) =>
            setTimeout(resolve, consumer.options.retryDelayMs * 2 ** (attempt - 1)),
          );
        }
        channel.sendToQueue(
          exhausted ? deadLetterQueueName(consumer.queue) : consumer.queue,
          message.content,
          {
            ...message.properties,
            persistent: true,
            headers: {
              ...message.properties.headers,
              [ATTEMPT_HEADER]: attempt + 1,
              ...(exhausted ? { 'x-dead-letter-reason': reason.slice(0, 1000) } : {}),
            },
          },
        );
        await channel.waitForConfirms();
        channel.ack(message);
      } catch (republishError) {
        this.options.logger.warn(
          { err: republishError },
          'could not requeue; the broker redelivers it',
        );
      }
    }
  }
}
