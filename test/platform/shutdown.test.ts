import { SOCKET_PATH } from '../../api/messaging/hub';
import { NOTIFICATION_SOCKET_PATH } from '../../api/notification/livePush';
import type { Knex } from 'knex';
import type { HttpServiceName, ServiceName } from '../../infra/config/services';
import { createKnex } from '../../infra/db/knex';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { eventually } from '../support/platform';
import { logIn } from '../support/platformSessions';
import { TestSocket } from '../support/sockets';

/** What an HTTP service may take after SIGTERM: 5 s of HTTP drain, 10 s to close (runService). */
const HTTP_GRACE_MS = 15_000;

/**
 * Issue 14: every process closes what it opened on SIGTERM — sockets, HTTP server, broker
 * channels and connection, Temporal connections, knex pools — and exits 0 on its own within its
 * grace, leaving no connection to its database behind.
 */
describe('graceful shutdown of every platform process', () => {
  let platform: MiniPlatform;
  let admin: Knex;

  const connectionsTo = async (service: ServiceName): Promise<number> => {
    const [row] = await admin('pg_stat_activity')
      .where({ datname: platform.config.databases[service] })
      .count<{ count: string }[]>('*');
    return Number(row?.count);
  };

  beforeAll(async () => {
    platform = await startMiniPlatform();
    admin = createKnex(platform.config.postgres, 'postgres', 1);
  }, 180_000);

  afterAll(async () => {
    await admin.destroy();
    await platform.stop();
  }, 60_000);

  it('exits 0 within the grace on SIGTERM, sockets told 1001, and no database connection left', async () => {
    const session = await logIn(platform.config, 'admin@helpdesk.local', 'admin-dev-password');
    const ws = (service: 'messaging' | 'notification', path: string) =>
      TestSocket.open(
        `${platform.config.http[service].url.replace('http', 'ws')}${path}?token=${session.token}`,
      );
    const sockets = await Promise.all([
      ws('messaging', SOCKET_PATH),
      ws('notification', NOTIFICATION_SOCKET_PATH),
    ]);

    const exits: Record<string, { code: number | null; signal: string | null }> = {};
    const terminate = async (name: string, graceMs: number) => {
      const { code, signal, ms } = await platform.terminate(name);
      exits[name] = { code, signal };
      expect(ms).toBeLessThan(graceMs);
    };
    /** Its /health asks its database, so the pool holds a connection; SIGTERM must leave none. */
    const terminateService = async (service: HttpServiceName & ServiceName) => {
      await fetch(`${platform.config.http[service].url}/health`);
      expect(await connectionsTo(service)).toBeGreaterThan(0);
      await terminate(service, HTTP_GRACE_MS);
      await eventually(async () => expect(await connectionsTo(service)).toBe(0), 3_000);
    };
    await terminateService('messaging');
    await terminateService('notification');
    expect(sockets.map((socket) => socket.closed?.code)).toEqual([1001, 1001]);
    await terminateService('ticket');
    // The worker shares the workflow database: checked once both are gone.
    await terminate('temporal-worker', platform.config.temporal.workerShutdownGraceMs + 5_000);
    await terminateService('workflow');
    await terminateService('auth');
    await terminate('web', HTTP_GRACE_MS);
    expect(Object.values(exits)).toEqual(
      Array.from({ length: 7 }, () => ({ code: 0, signal: null })),
    );
  }, 180_000);
});
