import { authDirectory } from './recipients';
import { createNotificationApp } from './app';
import { emailHandler, inappHandler } from './consumers/deliveries';
import { createSmtpSender, isTransientEmailError } from './email';
import { LivePush } from './livePush';
import { createServiceAuth } from '../shared/auth/serviceAuth';
import { SocketSessions } from '../shared/auth/socketSessions';
import { runHttpService } from '../shared/runService';
import { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import { createKnex } from '../../infra/db/knex';
import { registerQueueMetrics } from '../../infra/metrics/brokerMetrics';
import { Metrics } from '../../infra/metrics/metrics';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';

/**
 * Notification service: consumers of notification-queue (email) and inapp-notification-queue
 * (in-app), and the in-app inbox API with live push. Messages are acked only once recorded.
 */
runHttpService('notification', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.notification);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const serviceTokens = new ServiceTokenSource(config.http.auth.url, config.serviceApiKey);
  const { verifier, revocations } = createServiceAuth(config, serviceTokens, logger);
  const sender = createSmtpSender(config.smtp);
  const live = new LivePush(verifier, new SocketSessions(verifier, revocations), logger);
  const auth = new ServiceHttpClient('auth', config.http.auth.url, serviceTokens);
  await broker.consume(
    queueName(broker.prefix, 'notification'),
    emailHandler({ db, sender, directory: authDirectory(auth), logger }),
    { prefetch: config.amqp.prefetch, isTransient: isTransientEmailError },
  );
  await broker.consume(
    queueName(broker.prefix, 'inappNotification'),
    inappHandler({
      db,
      onCreated: (n) => live.push(n),
      onRead: (read) => live.pushRead(read),
      logger,
    }),
    {
      prefetch: config.amqp.prefetch,
    },
  );
  const metrics = new Metrics('notification');
  registerQueueMetrics(metrics, broker, [
    queueName(broker.prefix, 'notification'),
    queueName(broker.prefix, 'inappNotification'),
  ]);
  metrics.countsGauge(
    'notification_deliveries',
    'Recorded delivery outcomes by channel and status',
    ['channel', 'status'],
    () =>
      db('deliveries')
        .groupBy('channel', 'status')
        .select<{ channel: string; status: string; count: string }[]>(
          'channel',
          'status',
          db.raw('count(*) as count'),
        ),
  );
  metrics.gauge('websocket_connections', 'Open notification sockets on this instance', [], (g) => {
    g.set(live.connections());
  });
  return {
    app: createNotificationApp({
      metrics,
      logger,
      db,
      broker,
      verifier,
      corsOrigins: config.corsOrigins,
      metricsToken: config.metricsToken,
    }),
    onListening: (server) => {
      live.attach(server);
      revocations.start();
    },
    closeSockets: () => Promise.resolve(live.close()),
    close: async () => {
      await revocations.stop();
      await broker.close();
      sender.close();
      await db.destroy();
    },
  };
});
