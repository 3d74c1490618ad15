import { CHALLENGES_KEPT_SECONDS, EmailOtp } from '../../../api/auth/emailOtp';
import type { RunningServer } from '../../../api/shared/http/server';
import { startAuthMail, type AuthMailHarness } from '../../support/authMail';
import { requestJson } from '../../support/http';
import { eventually, testConfig } from '../../support/platform';

/**
 * Issue 13 part 7 against the real auth app, its outbox relay, RabbitMQ, the notification
 * service's email and in-app consumers and an SMTP sink: sign-in alerts (new client, failed
 * password) as mail and in-app notifications, and two-step sign-in with an e-mailed code.
 */
const config = testConfig({
  AUTH_ARGON2_MEMORY_KIB: '1024',
  AUTH_LOGIN_MAX_FAILURES: '3',
  AUTH_OTP_RESEND_SECONDS: '1',
  AUTH_OTP_MAX_SENDS: '2',
  AUTH_OTP_MAX_ATTEMPTS: '3',
});
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHISH = 'Call +1-555-0100 now to secure your account http://evil.example';
const NEW_SIGN_IN = 'New sign-in to your account';
const FAILED = 'Failed sign-in attempts';

describe('sign-in alerts and two-step sign-in', () => {
  let harness: AuthMailHarness;
  let server: RunningServer;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    requestJson(`${server.url}${path}`, 'POST', { body, headers });
  const login = (email: string, password: string, address: string, userAgent = FIREFOX) =>
    post(
      '/api/v1/auth/login',
      { email, password },
      { 'x-forwarded-for': address, 'user-agent': userAgent },
    );
  const userId = async (email: string) =>
    String((await harness.authDb.db('users').where({ email }).first<{ id: string }>('id')).id);
  const inapp = async (email: string, type: string) =>
    harness.notificationDb
      .db('inapp_notifications')
      .where({ user_id: await userId(email), type })
      .select<{ title: string; body: string }[]>('title', 'body');
  const codeIn = (raw: string) => /Subject: Your sign-in code: (\d{6})/.exec(raw)?.[1] ?? '';

  beforeAll(async () => {
    harness = await startAuthMail(config);
    server = harness.server;
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('alerts the owner of a sign-in from a new client, by mail and in-app, naming no header text', async () => {
    const owner = 'requester1@helpdesk.local';
    expect((await login(owner, 'requester-dev-password', '192.0.2.1')).status).toBe(200);
    expect((await login(owner, 'requester-dev-password', '192.0.2.1')).status).toBe(200);
    expect((await login(owner, 'requester-dev-password', '192.0.2.2', PHISH)).status).toBe(200);
    const [mail] = await harness.expectMails(owner, NEW_SIGN_IN, 1);
    expect(mail!.raw).toContain('192.0.2.2');
    expect(mail!.raw).toContain('an unrecognised client');
    expect(mail!.raw).not.toContain('555-0100');
    await eventually(async () => expect(await inapp(owner, 'login_alert')).toHaveLength(1));
    expect((await inapp(owner, 'login_alert'))[0]!.body).toContain('192.0.2.2');

    expect((await login(owner, 'requester-dev-password', '192.0.2.2', PHISH)).status).toBe(200);
    expect((await login(owner, 'requester-dev-password', '192.0.2.3')).status).toBe(200);
    const mails = await harness.expectMails(owner, NEW_SIGN_IN, 2);
    expect(mails[1]!.raw).toContain('Firefox on Linux');
    expect(
      await harness.authDb.db('login_clients').where({ user_id: await userId(owner) }),
    ).toHaveLength(3);
  });

  it('alerts once per window of failed passwords, and answers unknown accounts alike', async () => {
    const owner = 'it1@helpdesk.local';
    const answers = [];
    for (let i = 1; i <= 6; i += 1)
      answers.push(await login(owner, 'guessed-password', `198.51.100.${i}`));
    const ghost = await login('ghost@helpdesk.local', 'guessed-password', '198.51.100.50');
    for (const answer of [...answers, ghost])
      expect([answer.status, answer.body]).toEqual([401, ghost.body]);
    const [alert] = await harness.expectMails(owner, FAILED, 1);
    expect(alert!.raw).toContain('198.51.100.1');
    await eventually(async () => expect(await inapp(owner, 'failed_login_alert')).toHaveLength(1));
    expect(harness.sink.messages.filter((m) => m.to.includes('ghost@helpdesk.local'))).toEqual([]);
    const outbox = await harness.authDb
      .db('sync_outbox')
      .whereIn('queue', ['notification', 'inappNotification'])
      .whereRaw("event->>'type' = 'failed_login_alert'");
    expect(outbox).toHaveLength(2);
  });

  it('mails a single-use code at sign-in once the owner turns it on with the password', async () => {
    const owner = 'manager1@helpdesk.local';
    const password = 'agent-dev-password';
    const session = await login(owner, password, '192.0.2.40');
    const auth = { authorization: `Bearer ${String(session.body.accessToken)}` };
    const toggle = (body: unknown) =>
      requestJson(`${server.url}/api/v1/auth/me/email-otp`, 'PUT', {
        body,
        headers: { ...auth, 'user-agent': FIREFOX, 'x-forwarded-for': '192.0.2.40' },
      });
    expect(await toggle({ enabled: true, password: 'wrong-password' })).toMatchObject({
      status: 401,
      body: { error: { field: 'body.password' } },
    });
    expect(await toggle({ enabled: 'yes', password })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.enabled' } },
    });
    expect(await toggle({ enabled: true, password })).toMatchObject({
      status: 200,
      body: { email: owner, emailOtpEnabled: true },
    });
    expect(await toggle({ enabled: true, password })).toMatchObject({ status: 200 });
    const [wrongPassword] = await harness.expectMails(owner, FAILED, 1);
    expect(wrongPassword!.raw).toContain('192.0.2.40 (Firefox on Linux)');
    await harness.expectMails(owner, 'Sign-in codes are on', 1);
    await eventually(async () => expect(await inapp(owner, 'email_otp_changed')).toHaveLength(1));

    const challenged = await login(owner, password, '192.0.2.40');
    expect(challenged.status).toBe(202);
    expect(challenged.body).not.toHaveProperty('accessToken');
    expect(challenged.body).toMatchObject({ method: 'email_otp', sentTo: 'm•••@helpdesk.local' });
    const challengeId = String(challenged.body.challengeId);
    const [mail] = await harness.expectMails(owner, 'Your sign-in code', 1);
    const code = codeIn(mail!.raw);
    expect(code).toMatch(/^\d{6}$/);
    const stored: unknown = await harness.authDb
      .db('login_challenges')
      .where({ id: challengeId })
      .first();
    expect(JSON.stringify(stored)).not.toContain(code);

    const answer = (body: unknown) => post('/api/v1/auth/login/otp', body);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await answer({ challengeId, code: wrong })).toMatchObject({
      status: 401,
      body: { error: { field: 'body.code', details: { attemptsLeft: 2 } } },
    });
    expect(await answer({ challengeId, code: '12ab' })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.code' } },
    });
    expect(await answer({ challengeId: 'not-a-uuid', code })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.challengeId' } },
    });
    expect(
      await answer({ challengeId: '00000000-0000-4000-8000-000000000000', code }),
    ).toMatchObject({ status: 404, body: { error: { field: 'body.challengeId' } } });
    const signedIn = await answer({ challengeId, code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ user: { email: owner, emailOtpEnabled: true } });
    const me = await requestJson(`${server.url}/api/v1/auth/me`, 'GET', {
      token: String(signedIn.body.accessToken),
    });
    expect(me.status).toBe(200);
    expect(await answer({ challengeId, code })).toMatchObject({
      status: 409,
      body: { error: { field: 'body.challengeId' } },
    });

    const next = await login(owner, password, '192.0.2.40');
    const nextId = String(next.body.challengeId);
    await harness.authDb
      .db('login_challenges')
      .where({ id: nextId })
      .update({ expires_at: new Date(Date.now() - 1000) });
    const [, second] = await harness.expectMails(owner, 'Your sign-in code', 2);
    expect(await answer({ challengeId: nextId, code: codeIn(second!.raw) })).toMatchObject({
      status: 401,
      body: { error: { field: 'body.code', message: 'the code has expired: ask for a new one' } },
    });

    expect((await toggle({ enabled: false, password })).body).toMatchObject({
      emailOtpEnabled: false,
    });
    await harness.expectMails(owner, 'Sign-in codes are off', 1);
    const plain = await login(owner, password, '192.0.2.40');
    expect(plain.status).toBe(200);
    expect(plain.body).toHaveProperty('accessToken');
  });

  it('limits wrong codes and resends, and a new code replaces the old one', async () => {
    const owner = 'manager2@helpdesk.local';
    const password = 'agent-dev-password';
    await harness.authDb.db('users').where({ email: owner }).update({ email_otp_enabled: true });
    const start = await login(owner, password, '192.0.2.50');
    const challengeId = String(start.body.challengeId);
    const resend = () => post('/api/v1/auth/login/otp/resend', { challengeId });
    const tooSoon = await resend();
    expect(tooSoon).toMatchObject({ status: 429, body: { error: { field: 'body.challengeId' } } });
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    const [first] = await harness.expectMails(owner, 'Your sign-in code', 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await resend()).toMatchObject({ status: 202, body: { challengeId } });
    const [, second] = await harness.expectMails(owner, 'Your sign-in code', 2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await resend()).status).toBe(429);

    const answer = (code: string) => post('/api/v1/auth/login/otp', { challengeId, code });
    const oldCode = codeIn(first!.raw);
    const newCode = codeIn(second!.raw);
    const wrong = ['000001', '000002', '000003'].filter((c) => c !== newCode);
    if (oldCode !== newCode) expect((await answer(oldCode)).status).toBe(401);
    else expect((await answer(wrong[0]!)).status).toBe(401);
    expect((await answer(wrong[1]!)).status).toBe(401);
    expect(await answer(wrong[2] ?? '999999')).toMatchObject({
      status: 401,
      body: { error: { field: 'body.code', details: { attemptsLeft: 0 } } },
    });
    expect(await answer(newCode)).toMatchObject({
      status: 401,
      body: { error: { field: 'body.challengeId' } },
    });
  });

  it('purges challenges made more than a day ago', async () => {
    const db = harness.authDb.db;
    const [user] = await db('users').where({ email: 'admin@helpdesk.local' }).pluck<string[]>('id');
    const row = (id: string, hoursAgo: number) => ({
      id,
      user_id: user,
      code_hash: 'x',
      expires_at: new Date(Date.now() - hoursAgo * 3_600_000 + 600_000),
      created_at: new Date(Date.now() - hoursAgo * 3_600_000),
    });
    await db('login_challenges').insert([
      row('00000000-0000-4000-8000-00000000000a', 25),
      row('00000000-0000-4000-8000-00000000000b', 2),
    ]);
    expect(await EmailOtp.purge(db, CHALLENGES_KEPT_SECONDS)).toBe(1);
    expect(
      await db('login_challenges')
        .whereIn('id', [
          '00000000-0000-4000-8000-00000000000a',
          '00000000-0000-4000-8000-00000000000b',
        ])
        .pluck('id'),
    ).toEqual(['00000000-0000-4000-8000-00000000000b']);
  });
});
