import { MAX_SUBSCRIPTIONS, SOCKET_PATH } from '../../../api/messaging/hub';
import type { TicketDirectory } from '../../../api/messaging/ticketAccess';
import type { RunningServer } from '../../../api/shared/http/server';
import { startTestMessaging, type TestMessaging } from '../../support/messagingInstance';
import {
  createTestDatabase,
  eventually,
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
const RITA = { id: '100', name: 'Rita Requester', roles: { tts: ['requester'] } };
/** Every ticket in this test belongs to Rita. */
const directory: TicketDirectory = {
  requesterOf: () => Promise.resolve(RITA.id),
  admitComment: () => Promise.resolve(),
};
const MAX_PAYLOAD = 64 * 1024;

describe('messaging socket abuse', () => {
  let database: TestDatabase;
  let identity: TestIdentity;
  let messaging: TestMessaging;
  let server: RunningServer;
  let token: string;
  const sockets: TestSocket[] = [];

  async function connect(): Promise<TestSocket> {
    const socket = await TestSocket.open(
      `${server.url.replace('http', 'ws')}${SOCKET_PATH}?token=${token}`,
    );
    sockets.push(socket);
    return socket;
  }

  /** The service is still up: /health answers and a fresh socket subscribes. */
  async function expectAlive(): Promise<void> {
    const health = await requestJson(`${server.url}/health`, 'GET');
    expect(health.status).toBe(200);
    const fresh = await connect();
    const from = fresh.received.length;
    fresh.send({ type: 'subscribe', ticket: 'TX-2026-000001' });
    expect(await fresh.next((m) => m.type !== 'ready', 5_000, from)).toMatchObject({
      type: 'subscribed',
      ticket: 'TX-2026-000001',
    });
    fresh.close();
  }

  beforeAll(async () => {
    database = await createTestDatabase(config, 'messaging');
    identity = await createTestIdentity();
    token = await identity.userToken(RITA);
    messaging = await startTestMessaging(config, { db: database.db, identity, directory });
    server = messaging.server;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await messaging.stop();
    await database.drop();
  });

  it('closes a socket that sends a frame over the payload limit with 1009 and keeps serving', async () => {
    const socket = await connect();
    socket.ws.send('x'.repeat(MAX_PAYLOAD + 1));
    expect(await closedWith(socket)).toBe(1009);
    await expectAlive();
  });

  it('closes a socket that sends a binary frame with 1003 and keeps serving', async () => {
    const socket = await connect();
    socket.ws.send(Buffer.from('{"type":"subscribe","ticket":"TX-2026-000001"}'), {
      binary: true,
    });
    expect(await closedWith(socket)).toBe(1003);
    await expectAlive();
  });

  it('closes a socket that sends invalid UTF-8 with 1007 and keeps serving', async () => {
    const socket = await connect();
    sendInvalidUtf8(socket.ws);
    expect(await closedWith(socket)).toBe(1007);
    await expectAlive();
  });

  it('closes a socket that sends an invalid close code with 1002 and keeps serving', async () => {
    const socket = await connect();
    invalidCloseCodeFrame(socket.ws);
    expect(await closedWith(socket)).toBe(1002);
    await expectAlive();
  });

  it(`refuses a subscription past ${String(MAX_SUBSCRIPTIONS)} per socket with an error, not a crash`, async () => {
    const socket = await connect();
    const ticketOf = (i: number) => `TX-2026-${String(i).padStart(6, '0')}`;
    // Sent at once, so the subscriptions race: the cap still holds.
    for (let i = 1; i <= MAX_SUBSCRIPTIONS + 1; i += 1) {
      socket.send({ type: 'subscribe', ticket: ticketOf(i) });
    }
    const refused = await socket.next((m) => m.type === 'error', 15_000);
    expect(refused).toMatchObject({ error: { status: 429 } });
    const subscribed = () => socket.all('subscribed').map((m) => m.ticket);
    await eventually(() => expect(subscribed()).toHaveLength(MAX_SUBSCRIPTIONS));
    expect(subscribed()).not.toContain(refused.ticket);
    expect(socket.all('error')).toHaveLength(1);
    expect(socket.closed).toBeNull();
    // Freeing one makes room for the refused ticket.
    const first = subscribed()[0] as string;
    socket.send({ type: 'unsubscribe', ticket: first });
    await socket.next((m) => m.type === 'unsubscribed' && m.ticket === first);
    const from = socket.received.length;
    socket.send({ type: 'subscribe', ticket: refused.ticket });
    expect(await socket.next((m) => m.ticket === refused.ticket, 5_000, from)).toMatchObject({
      type: 'subscribed',
    });
    await expectAlive();
  });

  it('answers an upgrade to an unknown path with 404 and drops the connection at once', async () => {
    const answer = await rawUpgrade(server.port, '/api/v1/nope');
    expect(answer.head).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer.closedAfterMs).toBeLessThan(2_000);
    const unsigned = await rawUpgrade(server.port, `${SOCKET_PATH}?token=forged`);
    expect(unsigned.head).toMatch(/^HTTP\/1\.1 401 /);
    expect(unsigned.closedAfterMs).toBeLessThan(2_000);
  });
});
