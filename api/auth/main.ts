import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { runHttpService } from '../shared/runService';
import { createAuthApp } from './app';
import { KeyRing } from './keys';
import { RateCounters, sweepCounters } from './rateCounters';
import { ensurePlatformKey, longestTokenTtlSeconds, ServiceKeys } from './serviceKeys';
import { SyncOutboxRelay } from './syncEvents';

runHttpService('auth', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.auth);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const keys = new KeyRing(db, longestTokenTtlSeconds(config.auth.accessTtlSeconds));
  await keys.ensureKey();
  await ensurePlatformKey(db, new ServiceKeys(db, keys), config.serviceApiKey);
  const relay = new SyncOutboxRelay(db, broker, logger);
  relay.start();
  const stopSweeping = sweepCounters(
    new RateCounters(db),
    Math.max(config.auth.loginWindowSeconds, config.auth.mail.windowSeconds),
    logger,
  );
  return {
    app: createAuthApp({ logger, db, broker, keys, config }),
    close: async () => {
      stopSweeping();
      await relay.stop();
      await broker.close();
      await db.destroy();
    },
  };
});
