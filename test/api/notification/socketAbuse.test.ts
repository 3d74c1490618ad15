import { createNotificationApp } from '../../../api/notification/app';
import { SocketSessions } from '../../../api/shared/auth/socketSessions';
import { LivePush, NOTIFICATION_SOCKET_PATH } from '../../../api/notification/livePush';
import { startHttpServer, type RunningServer } from '../../../api/shared/http/server';
import type { Broker } from '../../../infra/amqp/broker';
import {
  connectTestBroker,
  createTestDatabase,
  deleteTestTopology,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../../support/platform';
import { requestJson } from '../../support/http';
import { TestSocket } from '../../support/sockets';
import {
  closedWith,
  invalidCloseCodeFrame,
  rawUpgrade,
  sendInvalidUtf8,
} from '../../support/socketAbuse';
import { createTestIdentity, type TestIdentity } from '../../support/tokens';

const config = testConfig();
const MAX_PAYLOAD = 4096;

describe('notification socket abuse', () => {
  let database: TestDatabase;
  let broker: Broker;
  let identity: TestIdentity;
  let live: LivePush;
  let server: RunningServer;
  let token: string;
  const sockets: TestSocket[] = [];

  async function connect(): Promise<TestSocket> {
    const socket = await TestSocket.open(
      `${server.url.replace('http', 'ws')}${NOTIFICATION_SOCKET_PATH}?token=${token}`,
    );
    sockets.push(socket);
    return socket;
  }

  /** The service is still up: /health answers and a fresh socket opens and gets 'ready'. */
  async function expectAlive(): Promise<void> {
    const health = await requestJson(`${server.url}/health`, 'GET');
    expect(health.status).toBe(200);
    const fresh = await connect();
    expect(fresh.all('ready')).toHaveLength(1);
    fresh.close();
  }

  beforeAll(async () => {
    database = await createTestDatabase(config, 'notification');
    broker = await connectTestBroker(config);
    identity = await createTestIdentity();
    token = await identity.userToken({ id: '7', roles: { tts: ['agent'] } });
    live = new LivePush(
      identity.verifier,
      new SocketSessions(identity.verifier, identity.revocations),
      silentLogger,
    );
    server = await startHttpServer(
      createNotificationApp({
        logger: silentLogger,
        db: database.db,
        broker,
        verifier: identity.verifier,
      }),
      0,
    );
    live.attach(server.server);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    live.close();
    await server.stop();
    await deleteTestTopology(broker);
    await broker.close();
    await database.drop();
  });

  it.each([
    [
      'a frame over the payload limit',
      1009,
      (s: TestSocket) => s.ws.send('x'.repeat(MAX_PAYLOAD + 1)),
    ],
    ['a binary frame', 1003, (s: TestSocket) => s.ws.send(Buffer.from('{}'), { binary: true })],
    ['invalid UTF-8', 1007, (s: TestSocket) => sendInvalidUtf8(s.ws)],
    ['an invalid close code', 1002, (s: TestSocket) => invalidCloseCodeFrame(s.ws)],
  ])('closes a socket that sends %s with %i and keeps serving', async (_what, code, abuse) => {
    const socket = await connect();
    abuse(socket);
    expect(await closedWith(socket)).toBe(code);
    await expectAlive();
  });

  it('answers an upgrade to an unknown path with 404 and drops the connection at once', async () => {
    const answer = await rawUpgrade(server.port, '/api/v1/nope');
    expect(answer.head).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer.closedAfterMs).toBeLessThan(2_000);
    const unsigned = await rawUpgrade(server.port, `${NOTIFICATION_SOCKET_PATH}?token=forged`);
    expect(unsigned.head).toMatch(/^HTTP\/1\.1 401 /);
    expect(unsigned.closedAfterMs).toBeLessThan(2_000);
  });
});
