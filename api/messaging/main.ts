import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';
import { createServiceAuth } from '../shared/auth/serviceAuth';
import { runHttpService } from '../shared/runService';
import { httpPeopleDirectory } from './people';
import { createMessaging } from './app';
import { httpTicketDirectory } from './ticketAccess';

runHttpService('messaging', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.messaging);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const serviceTokens = new ServiceTokenSource(config.http.auth.url, config.serviceApiKey);
  const tickets = new ServiceHttpClient('ticket', config.http.ticket.url, serviceTokens);
  const auth = new ServiceHttpClient('auth', config.http.auth.url, serviceTokens);
  const { verifier, revocations } = createServiceAuth(config, serviceTokens, logger);
  const messaging = await createMessaging({
    config,
    db,
    broker,
    verifier,
    revocations,
    directory: httpTicketDirectory(tickets),
    people: httpPeopleDirectory(auth),
    logger,
  });
  return {
    app: messaging.app,
    onListening: (server) => {
      messaging.hub.attach(server);
      revocations.start();
    },
    closeSockets: () => messaging.hub.close(),
    close: async () => {
      await revocations.stop();
      await broker.close();
      await db.destroy();
    },
  };
});
