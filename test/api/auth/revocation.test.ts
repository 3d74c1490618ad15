import { readFileSync } from 'node:fs';
import { SOCKET_PATH } from '../../../api/messaging/hub';
import { NOTIFICATION_SOCKET_PATH } from '../../../api/notification/livePush';
import { ROLES_CHANGED_CLOSE, SESSION_ENDED_CLOSE } from '../../../api/shared/auth/socketSessions';
import type { HttpServiceName } from '../../../infra/config/services';
import { startMiniPlatform, type MiniPlatform } from '../../support/miniPlatform';
import { eventually } from '../../support/platform';
import { callService, logIn, type Session } from '../../support/platformSessions';
import { closedWith } from '../../support/socketAbuse';
import { TestSocket } from '../../support/sockets';

const AGENT_PASSWORD = 'agent-dev-password';
/** Services poll auth every second (AUTH_REVOCATION_POLL_MS); a busy machine may take longer. */
const REVOKED_WITHIN_MS = 20_000;

/**
 * Deactivation and role removal against the platform's real processes: auth records the
 * revocation, every service learns it by polling and refuses the old token, and both socket
 * servers close the user's sockets; a refreshed token carries the new roles and works.
 */
describe('token revocation across the platform', () => {
  let platform: MiniPlatform;
  let admin: Session;
  let deactivated: Session;
  const sockets: TestSocket[] = [];

  /** A route of each service the user may call: anything but 401 while the token is good. */
  const probes = (): [HttpServiceName, string][] => [
    ['ticket', '/api/v1/tickets'],
    ['workflow', '/api/v1/catalog'],
    ['messaging', `/api/v1/tickets/${platform.config.tickets.numberPrefix}-20260101-1/comments`],
    ['notification', '/api/v1/notifications/unread-count'],
  ];
  const statuses = async (token: string): Promise<number[]> =>
    Promise.all(
      probes().map(
        async ([service, path]) =>
          (await callService(platform.config, service, 'GET', path, { session: session(token) }))
            .status,
      ),
    );
  const session = (token: string): Session => ({ userId: '', email: '', token });

  async function openSockets(token: string): Promise<TestSocket[]> {
    const opened = await Promise.all([
      TestSocket.open(`${wsUrl('messaging')}${SOCKET_PATH}?token=${token}`),
      TestSocket.open(`${wsUrl('notification')}${NOTIFICATION_SOCKET_PATH}?token=${token}`),
    ]);
    sockets.push(...opened);
    return opened;
  }
  const wsUrl = (service: HttpServiceName) =>
    platform.config.http[service].url.replace('http', 'ws');

  beforeAll(async () => {
    platform = await startMiniPlatform();
    admin = await logIn(platform.config, 'admin@helpdesk.local', 'admin-dev-password');
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await platform.stop();
  }, 60_000);

  it('refuses a deactivated user’s token everywhere within seconds and closes their sockets 4401', async () => {
    const agent = await logIn(platform.config, 'it2@helpdesk.local', AGENT_PASSWORD);
    deactivated = agent;
    for (const status of await statuses(agent.token)) expect(status).not.toBe(401);
    const open = await openSockets(agent.token);

    const patched = await callService(
      platform.config,
      'auth',
      'PATCH',
      `/api/v1/users/${agent.userId}`,
      { session: admin, body: { active: false } },
    );
    expect(patched.status).toBe(200);

    for (const socket of open) {
      expect(await closedWith(socket, REVOKED_WITHIN_MS)).toBe(SESSION_ENDED_CLOSE);
      expect(socket.closed?.reason).toMatch(/deactivated/);
    }
    await eventually(async () => {
      expect(await statuses(agent.token)).toEqual([401, 401, 401, 401]);
    }, REVOKED_WITHIN_MS);
    const me = await callService(platform.config, 'auth', 'GET', '/api/v1/auth/me', {
      session: agent,
    });
    expect(me.status).toBe(401);
  }, 60_000);

  it('refuses the old token after a role is removed (sockets 4403); a refreshed one has the new roles', async () => {
    const login = await callService(platform.config, 'auth', 'POST', '/api/v1/auth/login', {
      body: { email: 'manager2@helpdesk.local', password: AGENT_PASSWORD },
    });
    const userId = (login.body.user as { id: string }).id;
    const old = session(login.body.accessToken as string);
    const tasks = () =>
      callService(platform.config, 'workflow', 'GET', '/api/v1/tasks', { session: old });
    expect((await tasks()).status).toBe(200);
    const open = await openSockets(old.token);

    const removed = await callService(
      platform.config,
      'auth',
      'DELETE',
      '/api/v1/user-system-roles',
      { session: admin, body: { userId, system: 'tts', role: 'Manager' } },
    );
    expect(removed.status).toBe(204);

    for (const socket of open) {
      expect(await closedWith(socket, REVOKED_WITHIN_MS)).toBe(ROLES_CHANGED_CLOSE);
      expect(socket.closed?.reason).toMatch(/roles changed/);
    }
    await eventually(async () => {
      expect((await tasks()).status).toBe(401);
    }, REVOKED_WITHIN_MS);

    const refreshed = await callService(platform.config, 'auth', 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const fresh = session(refreshed.body.accessToken as string);
    const me = await callService(platform.config, 'auth', 'GET', '/api/v1/auth/me', {
      session: fresh,
    });
    expect(me.body.roles).toEqual({ tts: ['agent'] });
    const claims = JSON.parse(
      Buffer.from(fresh.token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { roles: unknown };
    expect(claims.roles).toEqual({ tts: ['agent'] });
    expect(
      (await callService(platform.config, 'workflow', 'GET', '/api/v1/tasks', { session: fresh }))
        .status,
    ).toBe(200);
    for (const status of await statuses(fresh.token)) expect(status).not.toBe(401);
    const reopened = await openSockets(fresh.token);
    for (const socket of reopened) expect(socket.closed).toBeNull();
  }, 60_000);

  it('lets an open socket swap in a refreshed token of the same user, and no other user’s', async () => {
    const login = await callService(platform.config, 'auth', 'POST', '/api/v1/auth/login', {
      body: { email: 'requester2@helpdesk.local', password: 'requester-dev-password' },
    });
    const other = await logIn(platform.config, 'coordinator@helpdesk.local', AGENT_PASSWORD);
    const open = await openSockets(login.body.accessToken as string);
    const refreshed = await callService(platform.config, 'auth', 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    for (const socket of open) {
      let from = socket.received.length;
      socket.send({ type: 'auth', token: refreshed.body.accessToken });
      expect(await socket.next((m) => m.type !== 'ready', 5_000, from)).toMatchObject({
        type: 'authenticated',
      });
      from = socket.received.length;
      socket.send({ type: 'auth', token: other.token });
      expect(await socket.next((m) => m.type !== 'ready', 5_000, from)).toMatchObject({
        type: 'error',
        error: { status: 403 },
      });
      expect(socket.closed).toBeNull();
    }
  }, 60_000);

  it('keeps refusing revoked tokens while auth is down, and serves everyone else', async () => {
    const failedPolls = () =>
      readFileSync(platform.logFile, 'utf8').split('token revocations: poll failed').length - 1;
    const failedBefore = failedPolls();
    await platform.kill('auth');
    try {
      await eventually(() => {
        expect(failedPolls()).toBeGreaterThan(failedBefore);
      }, REVOKED_WITHIN_MS);
      expect(await statuses(deactivated.token)).toEqual([401, 401, 401, 401]);
      for (const status of await statuses(admin.token)) expect(status).not.toBe(401);
    } finally {
      await platform.restart('auth');
    }
    expect(await statuses(deactivated.token)).toEqual([401, 401, 401, 401]);
  }, 180_000);
});
