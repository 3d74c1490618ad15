import { createAuthApp } from '../../api/auth/app';
import { KeyRing } from '../../api/auth/keys';
import { PasswordHasher } from '../../api/auth/passwords';
import { seedAuthDemo } from '../../api/auth/seed';
import { ensurePlatformKey, longestTokenTtlSeconds, ServiceKeys } from '../../api/auth/serviceKeys';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import type { PlatformConfig } from '../../infra/config/config';
import type { Broker } from '../../infra/amqp/broker';
import {
  connectTestBroker,
  createTestDatabase,
  deleteTestTopology,
  silentLogger,
  type TestDatabase,
} from './platform';

/** The auth service of one test file: its own database with the demo users, its queues, a port. */
export interface AuthTestService {
  database: TestDatabase;
  broker: Broker;
  keys: KeyRing;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Starts the auth service on a fresh database, seeded with the demo users and platform key. */
export async function startAuthTestService(config: PlatformConfig): Promise<AuthTestService> {
  const database = await createTestDatabase(config, 'auth');
  const broker = await connectTestBroker(config);
  const keys = new KeyRing(database.db, longestTokenTtlSeconds(config.auth.accessTtlSeconds));
  await keys.ensureKey();
  await seedAuthDemo(database.db, new PasswordHasher(config.auth.argon2MemoryKib));
  await ensurePlatformKey(database.db, new ServiceKeys(database.db, keys), config.serviceApiKey);
  const server = await startHttpServer(
    createAuthApp({ logger: silentLogger, db: database.db, broker, keys, config }),
    0,
  );
  return {
    database,
    broker,
    keys,
    server,
    stop: async () => {
      await server.stop();
      await deleteTestTopology(broker);
      await broker.close();
      await database.drop();
    },
  };
}
