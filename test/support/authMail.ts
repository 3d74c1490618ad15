import { createAuthApp } from '../../api/auth/app';
import { KeyRing } from '../../api/auth/keys';
import { PasswordHasher } from '../../api/auth/passwords';
import { seedAuthDemo } from '../../api/auth/seed';
import { SyncOutboxRelay } from '../../api/auth/syncEvents';
import { emailHandler, inappHandler } from '../../api/notification/consumers/deliveries';
import {
  createSmtpSender,
  isTransientEmailError,
  type EmailSender,
} from '../../api/notification/email';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import type { PlatformConfig } from '../../infra/config/config';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp/sink';
import {
  connectTestBroker,
  createTestDatabase,
  deleteTestTopology,
  eventually,
  silentLogger,
  type TestDatabase,
} from './platform';

/**
 * The real auth app (seeded with the demo users) with what carries its mail: its outbox relay,
 * RabbitMQ, the notification service's email and in-app consumers on their own database, and an
 * SMTP sink whose messages a test reads back.
 */
export interface AuthMailHarness {
  server: RunningServer;
  authDb: TestDatabase;
  notificationDb: TestDatabase;
  broker: Broker;
  sink: SmtpSink;
  /** Mails the sink received for the address with the subject. */
  mailsTo(address: string, subject: string): SmtpSink['messages'];
  /** Waits for exactly `count` such mails, then a moment more to see that no other follows. */
  expectMails(address: string, subject: string, count: number): Promise<SmtpSink['messages']>;
  stop(): Promise<void>;
}

export async function startAuthMail(config: PlatformConfig): Promise<AuthMailHarness> {
  const authDb = await createTestDatabase(config, 'auth');
  const notificationDb = await createTestDatabase(config, 'notification');
  const broker = await connectTestBroker(config);
  const sink = await startSmtpSink(0);
  const sender: EmailSender = createSmtpSender({ ...config.smtp, port: sink.port });
  await broker.consume(
    queueName(broker.prefix, 'notification'),
    emailHandler({
      db: notificationDb.db,
      sender,
      directory: { emailOf: (recipient) => Promise.resolve(recipient.email ?? null) },
      logger: silentLogger,
    }),
    { isTransient: isTransientEmailError, retryDelayMs: 100 },
  );
  await broker.consume(
    queueName(broker.prefix, 'inappNotification'),
    inappHandler({ db: notificationDb.db, onCreated: () => undefined }),
    { retryDelayMs: 100 },
  );
  const relay = new SyncOutboxRelay(authDb.db, broker, silentLogger, 100);
  relay.start();
  const keys = new KeyRing(authDb.db, config.auth.accessTtlSeconds);
  await keys.ensureKey();
  await seedAuthDemo(authDb.db, new PasswordHasher(config.auth.argon2MemoryKib));
  const server = await startHttpServer(
    createAuthApp({ logger: silentLogger, db: authDb.db, broker, keys, config }),
    0,
  );
  const mailsTo = (address: string, subject: string) =>
    sink.messages.filter((m) => m.to.includes(address) && m.raw.includes(`Subject: ${subject}`));
  return {
    server,
    authDb,
    notificationDb,
    broker,
    sink,
    mailsTo,
    async expectMails(address, subject, count) {
      await eventually(() => {
        if (mailsTo(address, subject).length !== count)
          throw new Error(`${mailsTo(address, subject).length} of ${count} mails "${subject}"`);
      }, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const mails = mailsTo(address, subject);
      if (mails.length !== count)
        throw new Error(`${mails.length} mails "${subject}", not ${count}`);
      return mails;
    },
    async stop() {
      await server.stop();
      await relay.stop();
      await deleteTestTopology(broker);
      await broker.close();
      sender.close();
      await sink.stop();
      await notificationDb.drop();
      await authDb.drop();
    },
  };
}
