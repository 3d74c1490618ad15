import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';
import { createTokenVerifier, remoteKeySet } from '../shared/auth/verifier';
import { runHttpService } from '../shared/runService';
import { buildMessaging } from './service';
import { httpTicketDirectory } from './ticketAccess';

runHttpService('messaging', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.messaging);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const tickets = new ServiceHttpClient(
    'ticket',
    config.http.ticket.url,
    new ServiceTokenSource(config.http.auth.url, config.serviceApiKey),
  );
  const messaging = await buildMessaging({
    config,
    db,
    broker,
    verifier: createTokenVerifier(remoteKeySet(config.http.auth.url)),
    directory: httpTicketDirectory(tickets),
    logger,
  });
  return {
    app: messaging.app,
    onListening: (server) => messaging.hub.attach(server),
    close: async () => {
      await messaging.hub.close();
      await broker.close();
      await db.destroy();
    },
  };
});
