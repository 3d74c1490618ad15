import { createAuthApp } from '../../../api/auth/app';
import { KeyRing } from '../../../api/auth/keys';
import { RateCounters } from '../../../api/auth/rateCounters';
import { sha256 } from '../../../api/auth/tokens';
import { startHttpServer, type RunningServer } from '../../../api/shared/http/server';
import type { Broker } from '../../../infra/amqp/broker';
import { startAuthMail, type AuthMailHarness } from '../../support/authMail';
import { requestJson } from '../../support/http';
import { silentLogger, testConfig, type TestDatabase } from '../../support/platform';

/**
 * Issue 12 items 7–10 replayed against the real auth app, Postgres, RabbitMQ, the notification
 * service's email consumer and an SMTP sink. Clients are told apart by X-Forwarded-For: the
 * shared app trusts it from loopback proxies only, and the test client connects over loopback.
 */
const config = testConfig({
  AUTH_ARGON2_MEMORY_KIB: '1024',
  AUTH_LOGIN_MAX_FAILURES: '3',
  AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: '8',
  AUTH_LOGIN_ALERT_AFTER_FAILURES: '10',
  AUTH_MAIL_MAX_PER_RECIPIENT: '3',
  AUTH_MAIL_MAX_REQUESTS_PER_ADDRESS: '5',
});
const RESET = '/api/v1/auth/password-reset';
const REGISTER = '/api/v1/auth/register';
const from = (address: string) => ({ 'x-forwarded-for': address });

describe('auth abuse resistance', () => {
  let harness: AuthMailHarness;
  let authDb: TestDatabase;
  let broker: Broker;
  let server: RunningServer;

  const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    requestJson(`${server.url}${path}`, 'POST', { body, headers });
  const login = (email: string, password: string, address: string) =>
    call('/api/v1/auth/login', { email, password }, from(address));
  const refresh = (refreshToken: unknown) => call('/api/v1/auth/refresh', { refreshToken });
  const me = async (accessToken: unknown) =>
    (
      await requestJson(`${server.url}/api/v1/auth/me`, 'GET', {
        headers: { authorization: `Bearer ${String(accessToken)}` },
      })
    ).status;
  const mailsTo = (address: string, subject: string) => harness.mailsTo(address, subject);
  const expectMails = (address: string, subject: string, count: number) =>
    harness.expectMails(address, subject, count);

  beforeAll(async () => {
    harness = await startAuthMail(config);
    ({ authDb, broker, server } = harness);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('12 reset requests mail a bounded number of links, only the newest works, and a reset ends every session', async () => {
    const victim = 'requester1@helpdesk.local';
    const session = await login(victim, 'requester-dev-password', '192.0.2.10');
    expect(session.status).toBe(200);
    for (let i = 0; i < 3; i += 1)
      expect((await login(victim, 'forgotten-password', '192.0.2.10')).status).toBe(401);
    expect((await login(victim, 'requester-dev-password', '192.0.2.10')).status).toBe(429);
    const answers = [];
    for (let i = 1; i <= 12; i += 1)
      answers.push(await call(RESET, { email: victim }, from(`203.0.113.${i}`)));
    const ghost = await call(RESET, { email: 'ghost@helpdesk.local' }, from('203.0.113.99'));
    expect(ghost.status).toBe(202);
    for (const answer of answers) expect([answer.status, answer.body]).toEqual([202, ghost.body]);

    const mails = await expectMails(victim, 'Reset your password', 3);
    const issued = await authDb
      .db('password_resets')
      .orderBy('created_at')
      .select<{ token_hash: string }[]>('token_hash');
    expect(issued).toHaveLength(3);
    const tokens = mails
      .map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))
      .map((text) => /reset-password\?token=([\w-]+)/.exec(text)?.[1] ?? '')
      .sort(
        (a, b) =>
          issued.findIndex((row) => row.token_hash === sha256(a)) -
          issued.findIndex((row) => row.token_hash === sha256(b)),
      );
    const confirm = (token: string) =>
      call(`${RESET}/confirm`, { token, newPassword: 'reset-by-the-owner' });
    expect((await confirm(tokens[0]!)).status).toBe(401);
    expect((await confirm(tokens[1]!)).status).toBe(401);
    expect((await confirm(tokens[2]!)).status).toBe(204);
    expect((await confirm(tokens[2]!)).status).toBe(401);
    const outstanding = await authDb
      .db('password_resets')
      .whereNull('used_at')
      .whereNull('revoked_at')
      .count<{ count: string }[]>('* as count');
    expect(outstanding[0]!.count).toBe('0');
    expect((await refresh(session.body.refreshToken)).status).toBe(401);
    expect(await me(session.body.accessToken)).toBe(401);
    const after = await login(victim, 'reset-by-the-owner', '192.0.2.10');
    expect(after.status).toBe(200);
    expect(await me(after.body.accessToken)).toBe(200);
  });

  it('answers 429 with Retry-After to one client address past its request limit, whatever the target', async () => {
    const answers = [];
    for (let i = 1; i <= 6; i += 1)
      answers.push(await call(RESET, { email: `probe${i}@example.com` }, from('198.18.0.1')));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers[5]!.status).toBe(429);
    expect(Number(answers[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(RESET, { email: 'probe1@example.com' }, from('198.18.0.2'))).status).toBe(
      202,
    );
  });

  it('five addresses failing sign-in do not lock the owner out of their own address; the owner is told', async () => {
    const owner = 'requester2@helpdesk.local';
    for (let i = 1; i <= 5; i += 1) {
      const attacker = `198.51.100.${i}`;
      for (let attempt = 0; attempt < 3; attempt += 1)
        expect((await login(owner, 'guessed-password', attacker)).status).toBe(401);
      const blocked = await login(owner, 'requester-dev-password', attacker);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await login(owner, 'requester-dev-password', '192.0.2.20')).status).toBe(200);
    const [alert] = await expectMails(owner, 'Failed sign-in attempts', 1);
    expect(alert!.raw).toContain('There were 10 failed sign-in attempts');

    const sprayer = '198.51.100.77';
    for (let i = 0; i < 8; i += 1)
      expect((await login(`someone${i}@helpdesk.local`, 'guess', sprayer)).status).toBe(401);
    expect((await login(owner, 'requester-dev-password', sprayer)).status).toBe(429);
    expect((await login(owner, 'requester-dev-password', '192.0.2.20')).status).toBe(200);
  });

  it('counts parallel guesses before checking them, so a burst gets no more than the limit', async () => {
    const burst = await Promise.all(
      Array.from({ length: 6 }, () => login('manager1@helpdesk.local', 'guess', '198.51.100.99')),
    );
    const statuses = burst.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });

  it('answers registration alike for new and existing addresses and mails the existing owner', async () => {
    const owner = 'it2@helpdesk.local';
    const fresh = await call(
      REGISTER,
      { email: 'fresh@example.com', name: 'Fresh', password: 'fresh-long-password' },
      from('198.51.100.150'),
    );
    const taken = await call(
      REGISTER,
      { email: owner, name: 'Intruder', password: 'intruder-password' },
      from('198.51.100.151'),
    );
    expect(taken.status).toBe(202);
    expect([fresh.status, fresh.body]).toEqual([taken.status, taken.body]);
    const [notice] = await expectMails(owner, 'Someone tried to register with your address', 1);
    expect(notice!.raw).toContain('/forgot-password');
    expect(mailsTo('fresh@example.com', 'Someone tried to register with your address')).toEqual([]);
    expect((await login(owner, 'intruder-password', '192.0.2.30')).status).toBe(401);
    expect((await login(owner, 'agent-dev-password', '192.0.2.30')).status).toBe(200);
    expect((await login('fresh@example.com', 'fresh-long-password', '192.0.2.31')).status).toBe(
      200,
    );

    for (let i = 0; i < 4; i += 1) {
      const again = await call(
        REGISTER,
        { email: owner, name: 'Intruder', password: 'intruder-password' },
        from(`198.51.100.${160 + i}`),
      );
      expect([again.status, again.body]).toEqual([taken.status, taken.body]);
    }
    await expectMails(owner, 'Someone tried to register with your address', 3);
  });

  it('throttles wrong current passwords like sign-ins, and a change ends the other sessions', async () => {
    const user = 'changer@example.com';
    await call(REGISTER, { email: user, name: 'Changer', password: 'first-long-password' });
    const mine = await login(user, 'first-long-password', '192.0.2.40');
    const other = await login(user, 'first-long-password', '192.0.2.41');
    const change = (token: unknown, currentPassword: string, address: string) =>
      call(
        '/api/v1/auth/change-password',
        { currentPassword, newPassword: 'second-long-password' },
        { ...from(address), authorization: `Bearer ${String(token)}` },
      );
    const thief = '198.51.100.200';
    for (let i = 0; i < 3; i += 1)
      expect((await change(other.body.accessToken, 'guessed-password', thief)).status).toBe(401);
    const blocked = await change(other.body.accessToken, 'first-long-password', thief);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(user, 'first-long-password', thief)).status).toBe(429);

    expect(await me(other.body.accessToken)).toBe(200);
    const changed = await change(mine.body.accessToken, 'first-long-password', '192.0.2.40');
    expect(changed.status).toBe(200);
    expect(await me(other.body.accessToken)).toBe(401);
    expect(await me(mine.body.accessToken)).toBe(401);
    expect(await me(changed.body.accessToken)).toBe(200);
    expect((await refresh(other.body.refreshToken)).status).toBe(401);
    expect((await refresh(mine.body.refreshToken)).status).toBe(401);
    expect((await refresh(changed.body.refreshToken)).status).toBe(200);
    expect((await login(user, 'first-long-password', '192.0.2.40')).status).toBe(401);
    expect((await login(user, 'second-long-password', '192.0.2.40')).status).toBe(200);
  });

  it('purges counters whose window is long over', async () => {
    const counters = new RateCounters(authDb.db);
    await authDb
      .db('rate_counters')
      .insert({ key: 'stale', hits: 1, window_started_at: new Date(Date.now() - 7_200_000) });
    await counters.hit('fresh', 60);
    expect(await counters.purge(3600)).toBeGreaterThanOrEqual(1);
    const keys = await authDb.db('rate_counters').pluck<string[]>('key');
    expect(keys).not.toContain('stale');
    expect(keys).toContain('fresh');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy, so clients cannot pose as others', async () => {
    const direct = await startHttpServer(
      createAuthApp({
        logger: silentLogger,
        db: authDb.db,
        broker,
        keys: new KeyRing(authDb.db, config.auth.accessTtlSeconds),
        config: { ...config, trustProxy: ['192.0.2.254'] },
      }),
      0,
    );
    try {
      const answers = [];
      for (let i = 1; i <= 4; i += 1) {
        answers.push(
          await requestJson(`${direct.url}/api/v1/auth/login`, 'POST', {
            body: { email: 'coordinator@helpdesk.local', password: 'guessed-password' },
            headers: from(`198.51.100.${210 + i}`),
          }),
        );
      }
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    } finally {
      await direct.stop();
    }
  });
});
