import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { runHttpService } from '../shared/runService';
import { createAuthApp } from './app';
import { KeyRing } from './keys';
import { CHALLENGES_KEPT_SECONDS, EmailOtp } from './emailOtp';
import { RateCounters, sweepPeriodically } from './rateCounters';
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
  const counters = new RateCounters(db);
  const longestWindow = Math.max(config.auth.loginWindowSeconds, config.auth.mail.windowSeconds);
  const stopSweeping = sweepPeriodically(
    {
      'rate counters': () => counters.purge(longestWindow),
      'sign-in challenges': () => EmailOtp.purge(db, CHALLENGES_KEPT_SECONDS),
    },
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
