import express from 'express';
import { SOCKET_PATH } from '../../api/messaging/hub';
import { LivePush, NOTIFICATION_SOCKET_PATH } from '../../api/notification/livePush';
import {
  ROLES_CHANGED_CLOSE,
  SESSION_ENDED_CLOSE,
  SocketSessions,
} from '../../api/shared/auth/socketSessions';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import { startTestMessaging, type TestMessaging } from '../support/messagingInstance';
import {
  createTestDatabase,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../support/platform';
import { closedWith } from '../support/socketAbuse';
import { TestSocket, type SocketMessage } from '../support/sockets';
import { createTestIdentity, type TestIdentity, type TestUser } from '../support/tokens';

const config = testConfig();
const REQUESTER = { id: '300', roles: { tts: ['requester'] } };
const AGENT = { id: '301', roles: { tts: ['agent'] } };
/** Every ticket here is the requester's. */
const directory = {
  requesterOf: () => Promise.resolve(REQUESTER.id),
  admitComment: () => Promise.resolve(),
};
const SHORT_TTL_SECONDS = 3;

/** Seconds-since-epoch expiry of a token (its exp claim). */
const expiryOf = (token: string): number =>
  (
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp: number;
    }
  ).exp;

/**
 * The token lifecycle of both socket servers (the messaging hub and the notification live push):
 * a socket closes 4401 when its token expires, stays open when the client sends a fresh token in
 * time, and closes 4401/4403 when the user's tokens are revoked.
 */
describe('socket sessions', () => {
  let database: TestDatabase;
  let identity: TestIdentity;
  let messaging: TestMessaging;
  let live: LivePush;
  let notificationServer: RunningServer;
  const sockets: TestSocket[] = [];

  /** One socket on each server, opened with the token. */
  async function openBoth(token: string): Promise<TestSocket[]> {
    const opened = await Promise.all([
      TestSocket.open(`${messaging.server.url.replace('http', 'ws')}${SOCKET_PATH}?token=${token}`),
      TestSocket.open(
        `${notificationServer.url.replace('http', 'ws')}${NOTIFICATION_SOCKET_PATH}?token=${token}`,
      ),
    ]);
    sockets.push(...opened);
    return opened;
  }

  /** Sends a message and waits for the next one that is not a presence update. */
  async function answer(
    socket: TestSocket,
    message: Record<string, unknown>,
  ): Promise<SocketMessage> {
    const from = socket.received.length;
    socket.send(message);
    return socket.next((m) => m.type !== 'presence', 5_000, from);
  }

  const token = (user: TestUser, ttlSeconds?: number) => identity.userToken(user, ttlSeconds);

  beforeAll(async () => {
    database = await createTestDatabase(config, 'messaging');
    identity = await createTestIdentity();
    messaging = await startTestMessaging(config, { db: database.db, identity, directory });
    live = new LivePush(
      identity.verifier,
      new SocketSessions(identity.verifier, identity.revocations),
      silentLogger,
    );
    notificationServer = await startHttpServer(express(), 0);
    live.attach(notificationServer.server);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await messaging.stop();
    live.close();
    await notificationServer.stop();
    await database.drop();
  });

  it('closes a socket 4401 when its token expires', async () => {
    const short = await token(REQUESTER, SHORT_TTL_SECONDS);
    for (const socket of await openBoth(short)) {
      expect(await closedWith(socket, 20_000)).toBe(SESSION_ENDED_CLOSE);
      expect(socket.closed?.reason).toMatch(/token expired/);
      expect(Date.now()).toBeGreaterThanOrEqual(expiryOf(short) * 1000 - 100);
    }
  }, 30_000);

  it('keeps a socket open past the first token’s expiry when a fresh one was sent in time', async () => {
    const short = await token(REQUESTER, SHORT_TTL_SECONDS);
    const open = await openBoth(short);
    const fresh = await token(REQUESTER, 60);
    for (const socket of open)
      expect(await answer(socket, { type: 'auth', token: fresh })).toMatchObject({
        type: 'authenticated',
        expiresAt: new Date(expiryOf(fresh) * 1000).toISOString(),
      });
    // What is tested is time passing: wait until the first token is well past its expiry.
    while (Date.now() < expiryOf(short) * 1000 + 1_500)
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const socket of open) expect(socket.closed).toBeNull();
    expect(await answer(open[0]!, { type: 'subscribe', ticket: 'TX-20260101-1' })).toMatchObject({
      type: 'subscribed',
    });
  }, 30_000);

  it('refuses an invalid token (401) or another user’s (403) and keeps the socket', async () => {
    const open = await openBoth(await token(REQUESTER));
    const others = await token(AGENT);
    for (const socket of open) {
      expect(await answer(socket, { type: 'auth', token: 'forged' })).toMatchObject({
        type: 'error',
        error: { status: 401 },
      });
      expect(await answer(socket, { type: 'auth', token: others })).toMatchObject({
        type: 'error',
        error: { status: 403 },
      });
      expect(socket.closed).toBeNull();
    }
  });

  it('checks each subscription again when a fresh token brings other roles', async () => {
    const staffToken = await token({ ...AGENT, id: '302' });
    const [socket] = await openBoth(staffToken);
    expect(await answer(socket!, { type: 'subscribe', ticket: 'TX-20260101-2' })).toMatchObject({
      type: 'subscribed',
    });
    const demoted = await token({ id: '302', roles: { tts: ['requester'] } });
    const from = socket!.received.length;
    socket!.send({ type: 'auth', token: demoted });
    expect(await socket!.next((m) => m.type === 'error', 5_000, from)).toMatchObject({
      ticket: 'TX-20260101-2',
      error: { status: 404 },
    });
    expect(await socket!.next((m) => m.type === 'authenticated', 5_000, from)).toBeTruthy();
  });

  it('closes the sockets of a revoked user: 4401 when deactivated, 4403 when roles changed', async () => {
    const deactivated = await openBoth(await token({ ...AGENT, id: '303' }));
    const demoted = await openBoth(await token({ ...AGENT, id: '304' }));
    await identity.revoke('303', 'deactivated');
    await identity.revoke('304', 'roles');
    for (const socket of deactivated)
      expect(await closedWith(socket, 10_000)).toBe(SESSION_ENDED_CLOSE);
    for (const socket of demoted)
      expect(await closedWith(socket, 10_000)).toBe(ROLES_CHANGED_CLOSE);
  });
});
