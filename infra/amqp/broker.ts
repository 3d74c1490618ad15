import {
  connect,
  type ChannelModel,
  type ConfirmChannel,
  type RecoveringChannelModel,
} from 'amqplib';
import { ServiceUnavailableError } from '../../domain/errors';
import type { Logger } from '../logging/logger';
import { assertTopology } from './topology';

export interface BrokerOptions {
  url: string;
  queuePrefix: string;
  logger: Logger;
  /** Connection attempts before startup gives up (reconnects after that retry forever). */
  initialMaxRetries?: number;
}

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
    channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(payload)), {
      persistent: true,
      contentType: 'application/json',
      messageId: options.messageId,
      headers: options.headers ?? {},
      timestamp: Math.floor(Date.now() / 1000),
    });
    await channel.waitForConfirms();
  }

  /** A fresh channel on the current connection, for consumers and ad-hoc queues. */
  async createChannel(): Promise<ConfirmChannel> {
    if (!this.model) throw new ServiceUnavailableError('message broker is not connected');
    return this.model.createConfirmChannel();
  }

  async close(): Promise<void> {
    this.channel = null;
    await this.model?.close();
  }

  private async onConnect(connection: ChannelModel): Promise<void> {
    const channel = await connection.createConfirmChannel();
    await assertTopology(channel, this.options.queuePrefix);
    this.channel = channel;
    this.options.logger.info('broker connected');
  }
}
