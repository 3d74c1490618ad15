import { RevocationStore } from '../../../api/auth/revocations';
import { DEMO_USERS } from '../../../api/auth/seed';
import { SyncOutboxRelay } from '../../../api/auth/syncEvents';
import { createTokenVerifier, remoteKeySet } from '../../../api/shared/auth/verifier';
import type { RunningServer } from '../../../api/shared/http/server';
import type { NotificationMessage } from '../../../domain/notifications';
import type { UserSystemRoleSyncEvent } from '../../../domain/roleSync';
import type { Broker } from '../../../infra/amqp/broker';
import { queueName, type QueueKey } from '../../../infra/amqp/topology';
import { startAuthTestService, type AuthTestService } from '../../support/authService';
import { eventually, silentLogger, testConfig, type TestDatabase } from '../../support/platform';
import { requestJson } from '../../support/http';

const config = testConfig({
  AUTH_ARGON2_MEMORY_KIB: '1024',
  AUTH_LOGIN_MAX_FAILURES: '3',
  AUTH_REFRESH_REUSE_GRACE_SECONDS: '1',
});
const demo = (email: string) => DEMO_USERS.find((u) => u.email === email)!;

describe('auth service', () => {
  let database: TestDatabase;
  let broker: Broker;
  let auth: AuthTestService;
  let relay: SyncOutboxRelay;
  let server: RunningServer;
  const tokens: Record<string, string> = {};

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return requestJson(`${server.url}${path}`, method, {
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  }
  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const login = async (email: string, password: string) =>
    call('POST', '/api/v1/auth/login', { email, password });

  async function drain(key: QueueKey): Promise<unknown[]> {
    const channel = await broker.createChannel();
    const messages: unknown[] = [];
    try {
      for (;;) {
        const message = await channel.get(queueName(broker.prefix, key), { noAck: true });
        if (!message) break;
        messages.push(JSON.parse(message.content.toString('utf8')));
      }
    } finally {
      await channel.close();
    }
    return messages;
  }

  beforeAll(async () => {
    auth = await startAuthTestService(config);
    ({ database, broker, server } = auth);
    relay = new SyncOutboxRelay(database.db, broker, silentLogger);
    for (const [who, email] of [
      ['admin', 'admin@helpdesk.local'],
      ['agent', 'it1@helpdesk.local'],
      ['requester', 'requester1@helpdesk.local'],
    ] as const) {
      tokens[who] = (await login(email, demo(email).password)).body.accessToken as string;
    }
    tokens.service = (
      await call('POST', '/api/v1/service-tokens', undefined, { 'x-api-key': config.serviceApiKey })
    ).body.accessToken as string;
    await relay.flush();
    await drain('roleSync');
    await drain('userSystemRoleSync');
  });

  afterAll(() => auth.stop());

  it('signs in, refreshes with rotation, revokes the family on reuse, and logs out', async () => {
    const first = await login('it2@helpdesk.local', 'agent-dev-password');
    expect(first.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: 'it2@helpdesk.local', roles: { tts: ['agent', 'IT Support'] } },
    });
    const refreshed = await call('POST', '/api/v1/auth/refresh', {
      refreshToken: first.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.body.refreshToken);

    const racing = await call('POST', '/api/v1/auth/refresh', {
      refreshToken: first.body.refreshToken,
    });
    expect(racing.status).toBe(200);
    expect(racing.body.refreshToken).not.toBe(refreshed.body.refreshToken);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const reuse = await call('POST', '/api/v1/auth/refresh', {
      refreshToken: first.body.refreshToken,
    });
    expect(reuse).toMatchObject({
      status: 401,
      body: { error: { message: expect.stringContaining('already used') as unknown } },
    });
    expect(
      (await call('POST', '/api/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken }))
        .status,
    ).toBe(401);

    const again = await login('it2@helpdesk.local', 'agent-dev-password');
    expect(
      (await call('POST', '/api/v1/auth/logout', { refreshToken: again.body.refreshToken })).status,
    ).toBe(204);
    expect(
      (await call('POST', '/api/v1/auth/refresh', { refreshToken: again.body.refreshToken }))
        .status,
    ).toBe(401);
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const unknown = await login('nobody@helpdesk.local', 'whatever-password');
    const wrong = await login('manager1@helpdesk.local', 'wrong-password');
    expect(unknown).toMatchObject({
      status: 401,
      body: { error: { message: 'invalid email or password' } },
    });
    expect(wrong.body).toEqual(unknown.body);
  });

  it('lets other services verify tokens from the JWKS, across a key rotation', async () => {
    const verifier = createTokenVerifier(
      remoteKeySet(server.url, 0),
      new RevocationStore(database.db, config.auth.accessTtlSeconds),
    );
    const before = tokens.agent!;
    expect(await verifier.verify(before)).toMatchObject({
      kind: 'user',
      email: 'it1@helpdesk.local',
      roles: { tts: ['agent', 'IT Support'] },
    });
    const rotated = await call('POST', '/api/v1/admin/signing-keys/rotate', undefined, as('admin'));
    expect(rotated.status).toBe(201);
    const jwks = await call('GET', '/.well-known/jwks.json');
    expect((jwks.body.keys as { kid: string }[]).map((k) => k.kid)).toContain(rotated.body.kid);
    expect((jwks.body.keys as unknown[]).length).toBe(2);
    const after = (await login('it1@helpdesk.local', 'agent-dev-password')).body
      .accessToken as string;
    expect(await verifier.verify(after)).toMatchObject({ kind: 'user' });
    expect(await verifier.verify(before)).toMatchObject({ kind: 'user' });
    expect(await verifier.verify(tokens.service!)).toMatchObject({
      kind: 'service',
      service: 'platform',
    });
    await expect(verifier.verify(`${after}x`)).rejects.toMatchObject({ status: 401 });
  });

  it('exchanges service API keys for scoped tokens; a revoked key gets 401', async () => {
    const created = await call(
      'POST',
      '/api/v1/service-keys',
      { name: 'reporting', scopes: ['users:read'] },
      as('admin'),
    );
    expect(created).toMatchObject({
      status: 201,
      body: { name: 'reporting', scopes: ['users:read'] },
    });
    const apiKey = created.body.apiKey as string;
    const token = await call('POST', '/api/v1/service-tokens', undefined, { 'x-api-key': apiKey });
    expect(token).toMatchObject({ status: 200, body: { expiresIn: 300 } });
    const members = await call('GET', '/api/v1/roles/IT%20Support/users?system=tts', undefined, {
      authorization: `Bearer ${String(token.body.accessToken)}`,
    });
    expect((members.body.items as { email: string }[]).map((u) => u.email)).toEqual([
      'it1@helpdesk.local',
      'it2@helpdesk.local',
    ]);
    await call(
      'POST',
      `/api/v1/service-keys/${String(created.body.id)}/revoke`,
      undefined,
      as('admin'),
    );
    expect(
      (await call('POST', '/api/v1/service-tokens', undefined, { 'x-api-key': apiKey })).status,
    ).toBe(401);
    expect(
      await call('POST', '/api/v1/service-tokens', undefined, { 'x-api-key': 'short' }),
    ).toMatchObject({ status: 422, body: { error: { field: 'headers.x-api-key' } } });
    expect(await call('POST', '/api/v1/service-tokens')).toMatchObject({
      status: 422,
      body: { error: { field: 'headers.x-api-key' } },
    });
  });

  it('publishes role changes and deactivations on the sync queues, and candidates follow at once', async () => {
    await relay.flush(); // the sign-in alerts earlier tests left in the outbox
    const manager = (await call('GET', '/api/v1/users?q=manager2', undefined, as('admin'))).body
      .items as { id: string }[];
    const userId = manager[0]!.id;
    expect(
      (
        await call(
          'POST',
          '/api/v1/user-system-roles',
          { userId, system: 'tts', role: 'IT Support' },
          as('admin'),
        )
      ).status,
    ).toBe(201);
    const withNew = await call(
      'GET',
      '/api/v1/roles/IT%20Support/users?system=tts',
      undefined,
      as('service'),
    );
    expect((withNew.body.items as { id: string }[]).map((u) => u.id)).toContain(userId);

    expect(
      (await call('PATCH', `/api/v1/users/${userId}`, { active: false }, as('admin'))).body,
    ).toMatchObject({ active: false });
    const withoutDeactivated = await call(
      'GET',
      '/api/v1/roles/IT%20Support/users?system=tts',
      undefined,
      as('service'),
    );
    expect((withoutDeactivated.body.items as { id: string }[]).map((u) => u.id)).not.toContain(
      userId,
    );
    expect((await login('manager2@helpdesk.local', 'agent-dev-password')).status).toBe(401);
    const lookup = await call(
      'POST',
      '/api/v1/users/lookup',
      { emails: ['Manager2@helpdesk.local', 'IT1@helpdesk.local', 'nobody@example.com'] },
      as('service'),
    );
    expect((lookup.body.items as { email: string }[]).map((u) => u.email)).toEqual([
      'it1@helpdesk.local',
    ]);
    const tooMany = Array.from({ length: 11 }, (_, i) => `u${i}@example.com`);
    const refusals: [string[], number][] = [
      [[], 422],
      [tooMany, 422],
      [['not an address'], 422],
      [['a\u0000@b.c'], 400],
    ];
    for (const [emails, status] of refusals) {
      const refused = await call('POST', '/api/v1/users/lookup', { emails }, as('service'));
      expect(refused.status).toBe(status);
    }

    expect(await relay.flush()).toBe(2);
    const events = (await eventually(async () => {
      const drained = await drain('userSystemRoleSync');
      expect(drained).toHaveLength(2);
      return drained;
    })) as UserSystemRoleSyncEvent[];
    expect(events.map((e) => [e.type, e.userId, e.role ?? null])).toEqual([
      ['user_system_role.assigned', userId, 'IT Support'],
      ['user.deactivated', userId, null],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    const audit = await call('GET', '/api/v1/audit-log?limit=5', undefined, as('admin'));
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual(
      expect.arrayContaining(['user_system_role.assign', 'user.deactivate']),
    );
  });

  it('voids a demoted user’s tokens, serves the revocation to services, and signs new ones valid at once', async () => {
    const password = demo('requester2@helpdesk.local').password;
    const before = (await login('requester2@helpdesk.local', password)).body;
    const userId = (before.user as { id: string }).id;
    const me = (token: unknown) =>
      call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${String(token)}` });
    expect((await me(before.accessToken)).status).toBe(200);
    const removed = await call(
      'DELETE',
      '/api/v1/user-system-roles',
      { userId, system: 'tts', role: 'requester' },
      as('admin'),
    );
    expect(removed.status).toBe(204);
    const refused = await me(before.accessToken);
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toMatch(/roles changed/);
    // Signed in the very second of the revocation, the new token is dated after it.
    const after = (await login('requester2@helpdesk.local', password)).body;
    expect(await me(after.accessToken)).toMatchObject({ status: 200, body: { roles: {} } });

    const feed = '/internal/v1/token-revocations';
    expect((await call('GET', feed)).status).toBe(401);
    expect((await call('GET', feed, undefined, as('admin'))).status).toBe(403);
    const full = await call('GET', feed, undefined, as('service'));
    expect(full.status).toBe(200);
    const items = full.body.items as { userId: string; reason: string }[];
    expect(items.find((item) => item.userId === userId)).toMatchObject({ reason: 'roles' });
    const since = await call(
      'GET',
      `${feed}?since=${encodeURIComponent(String(full.body.asOf))}`,
      undefined,
      as('service'),
    );
    expect(since.body.items).toEqual(full.body.items);
    const later = new Date(Date.parse(String(full.body.asOf)) + 3600_000).toISOString();
    const none = await call('GET', `${feed}?since=${later}`, undefined, as('service'));
    expect(none.body.items).toEqual([]);
    expect((await call('GET', `${feed}?since=yesterday`, undefined, as('service'))).status).toBe(
      422,
    );
  });

  it('creates a user and their roles in one transaction, once per address', async () => {
    const user = { email: 'Grace@Example.test', name: 'Grace', password: 'long-enough-pass' };
    const unknownRole = await call(
      'POST',
      '/api/v1/users',
      {
        ...user,
        roles: [
          { system: 'tts', role: 'IT Support' },
          { system: 'tts', role: 'Nope' },
        ],
      },
      as('admin'),
    );
    expect(unknownRole.status).toBe(404);
    expect(
      (await call('GET', '/api/v1/users?q=grace@', undefined, as('admin'))).body.items,
    ).toEqual([]);

    const both = await Promise.all(
      [user, { ...user, email: 'grace@example.test' }].map((body) =>
        call(
          'POST',
          '/api/v1/users',
          { ...body, roles: [{ system: 'tts', role: 'IT Support' }] },
          as('admin'),
        ),
      ),
    );
    expect(both.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const created = both.find((answer) => answer.status === 201)!.body;
    expect(created.roles).toEqual({ tts: ['IT Support'] });
  });

  it('throttles repeated failed sign-ins with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await login('coordinator@helpdesk.local', 'bad-password')).status).toBe(401);
    const blocked = await login('coordinator@helpdesk.local', 'agent-dev-password');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('resets a password through an emailed single-use token', async () => {
    await drain('notification');
    expect(
      (await call('POST', '/api/v1/auth/password-reset', { email: 'requester2@helpdesk.local' }))
        .status,
    ).toBe(202);
    expect(
      (await call('POST', '/api/v1/auth/password-reset', { email: 'ghost@helpdesk.local' })).status,
    ).toBe(202);
    const [message] = (await eventually(async () => {
      const drained = await drain('notification');
      expect(drained).toHaveLength(1);
      return drained;
    })) as NotificationMessage[];
    expect(message).toMatchObject({
      type: 'password_reset',
      recipient: { email: 'requester2@helpdesk.local' },
    });
    const token = new URL(String(message!.data.resetUrl)).searchParams.get('token')!;
    const confirm = { token, newPassword: 'a-brand-new-password' };
    expect((await call('POST', '/api/v1/auth/password-reset/confirm', confirm)).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/password-reset/confirm', confirm)).status).toBe(401);
    expect((await login('requester2@helpdesk.local', 'a-brand-new-password')).status).toBe(200);
  });

  it.each([
    ['POST', '/api/v1/auth/login', { email: 'not-an-email', password: 'x' }, 422, 'body.email'],
    ['POST', '/api/v1/auth/login', { email: 'a@b.co' }, 422, 'body.password'],
    [
      'POST',
      '/api/v1/auth/register',
      { email: 'new@helpdesk.local', name: 'New', password: 'short' },
      422,
      'body.password',
    ],
    ['POST', '/api/v1/auth/refresh', {}, 422, 'body.refreshToken'],
    [
      'POST',
      '/api/v1/auth/password-reset/confirm',
      { token: 'abcdefghijkl', newPassword: 'long-enough-pass' },
      401,
      'body.token',
    ],
  ])('%s %s with bad input → %i naming %s', async (method, path, body, status, field) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { field } });
  });

  it('registers requesters and lets users manage themselves', async () => {
    const created = await call('POST', '/api/v1/auth/register', {
      email: 'Newbie@Helpdesk.local',
      name: 'New Bie',
      password: 'long-enough-pass',
    });
    expect(created.status).toBe(202);
    const session = await login('newbie@helpdesk.local', 'long-enough-pass');
    expect(session.body).toMatchObject({
      user: { email: 'newbie@helpdesk.local', roles: { tts: ['requester'] } },
    });
    const me = { authorization: `Bearer ${String(session.body.accessToken)}` };
    expect((await call('PATCH', '/api/v1/auth/me', { name: 'Newbie' }, me)).body).toMatchObject({
      name: 'Newbie',
    });
    expect((await call('PATCH', '/api/v1/auth/me', { email: 'x@y.z' }, me)).status).toBe(422);
    expect(
      (
        await call(
          'POST',
          '/api/v1/auth/change-password',
          { currentPassword: 'nope', newPassword: 'another-long-pass' },
          me,
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await call(
          'POST',
          '/api/v1/auth/change-password',
          { currentPassword: 'long-enough-pass', newPassword: 'another-long-pass' },
          me,
        )
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', '/api/v1/auth/refresh', { refreshToken: session.body.refreshToken }))
        .status,
    ).toBe(401);
  });

  describe('every protected route refuses callers without the right role', () => {
    type Who = 'anonymous' | 'requester' | 'agent' | 'admin' | 'service';
    const routes: [string, string, unknown, Who[]][] = [
      ['GET', '/api/v1/users', undefined, ['admin']],
      [
        'POST',
        '/api/v1/users',
        { email: 'x@y.z', name: 'X', password: 'long-enough-pass' },
        ['admin'],
      ],
      ['PATCH', '/api/v1/users/1', { name: 'Ada' }, ['admin']],
      ['GET', '/api/v1/users/1', undefined, ['admin', 'service']],
      ['POST', '/api/v1/users/lookup', { emails: ['it1@helpdesk.local'] }, ['admin', 'service']],
      ['GET', '/api/v1/systems', undefined, ['admin']],
      ['POST', '/api/v1/systems', { key: 'ops', name: 'Ops' }, ['admin']],
      ['GET', '/api/v1/systems/tts/roles', undefined, ['admin']],
      ['POST', '/api/v1/systems/tts/roles', { name: 'Security' }, ['admin']],
      ['DELETE', '/api/v1/systems/tts/roles/Security', undefined, ['admin']],
      // Taking a role voids its holder's tokens: the user changed here (manager2) is no caller.
      [
        'POST',
        '/api/v1/user-system-roles',
        { userId: '5', system: 'hdts', role: 'agent' },
        ['admin'],
      ],
      [
        'DELETE',
        '/api/v1/user-system-roles',
        { userId: '5', system: 'hdts', role: 'agent' },
        ['admin'],
      ],
      ['GET', '/api/v1/service-keys', undefined, ['admin']],
      ['POST', '/api/v1/service-keys', { name: 'extra', scopes: ['users:read'] }, ['admin']],
      ['POST', '/api/v1/service-keys/1/revoke', undefined, ['admin']],
      ['POST', '/api/v1/admin/signing-keys/rotate', undefined, ['admin']],
      ['GET', '/api/v1/audit-log', undefined, ['admin']],
      ['GET', '/api/v1/roles/agent/users', undefined, ['agent', 'admin', 'service']],
      ['GET', '/api/v1/auth/me', undefined, ['requester', 'agent', 'admin']],
    ];
    const callers: Who[] = ['anonymous', 'requester', 'agent', 'service', 'admin'];

    it.each(
      routes.flatMap(([method, path, body, allowed]) =>
        callers.map((who) => [method, path, who, body, allowed.includes(who)] as const),
      ),
    )('%s %s as %s', async (method, path, who, body, allowed) => {
      const response = await call(method, path, body, who === 'anonymous' ? {} : as(who));
      if (allowed) expect([401, 403]).not.toContain(response.status);
      else expect(response.status).toBe(who === 'anonymous' ? 401 : 403);
      expect(response.status).toBeLessThan(500);
    });
  });
});
