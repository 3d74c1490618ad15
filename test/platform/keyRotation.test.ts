import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createKnex } from '../../infra/db/knex';
import type { HttpServiceName } from '../../infra/config/services';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { callService, logIn, type Session } from '../support/platformSessions';

/** Hands out the platform's real service tokens and remembers each one a request was sent with. */
class RecordingTokenSource extends ServiceTokenSource {
  readonly handed: string[] = [];

  override async token(): Promise<string> {
    const token = await super.token();
    this.handed.push(token);
    return token;
  }
}

const kidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string })
    .kid;

/**
 * Signing-key rotation and the service-token cache against the platform's real processes: every
 * token signed by a key stays valid at every service until it expires, however often keys
 * rotate, and a caller whose cached service token a peer refuses fetches a new one at once.
 */
describe('signing-key rotation', () => {
  let platform: MiniPlatform;
  let authDb: Knex;
  let admin: Session;

  const requester = (): Promise<Session> =>
    logIn(platform.config, 'requester1@helpdesk.local', 'requester-dev-password');

  /** A route of each verifying service that a signed-in requester may read. */
  const probes: [HttpServiceName, string][] = [
    ['ticket', '/api/v1/tickets'],
    ['workflow', '/api/v1/catalog'],
    ['notification', '/api/v1/notifications/unread-count'],
  ];

  async function expectAcceptedEverywhere(session: Session, ticketNumber: string): Promise<void> {
    const paths: [HttpServiceName, string][] = [
      ...probes,
      ['messaging', `/api/v1/tickets/${ticketNumber}/comments`],
    ];
    for (const [service, path] of paths) {
      const answer = await callService(platform.config, service, 'GET', path, { session });
      expect({ service, kid: kidOf(session.token), status: answer.status }).toEqual({
        service,
        kid: kidOf(session.token),
        status: 200,
      });
    }
  }

  async function fileTicket(session: Session): Promise<string> {
    const answer = await callService(platform.config, 'ticket', 'POST', '/api/v1/tickets', {
      session,
      body: {
        subject: `rotation ${randomUUID().slice(0, 8)}`,
        description: 'Filed by the key rotation test',
        priority: 'low',
        department: 'IT',
        category: 'Support',
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(201);
    return (answer.body.ticket as { number: string }).number;
  }

  async function rotate(): Promise<string> {
    const answer = await callService(
      platform.config,
      'auth',
      'POST',
      '/api/v1/admin/signing-keys/rotate',
      { session: admin },
    );
    expect(answer.status).toBe(201);
    return answer.body.kid as string;
  }

  beforeAll(async () => {
    platform = await startMiniPlatform();
    authDb = createKnex(platform.config.postgres, platform.config.databases.auth, 1);
    admin = await logIn(platform.config, 'admin@helpdesk.local', 'admin-dev-password');
  }, 180_000);

  afterAll(async () => {
    await authDb?.destroy();
    await platform?.stop();
  }, 60_000);

  it('keeps a long-lived key that signed until the rotation in the JWKS, through two rotations', async () => {
    // The seeded key has been signing for a month, as a key does between scheduled rotations.
    await authDb('signing_keys').update({ created_at: authDb.raw(`now() - interval '30 days'`) });
    const first = await requester();
    const ticketNumber = await fileTicket(first);
    await expectAcceptedEverywhere(first, ticketNumber);

    const second = await rotate();
    const signedBySecond = await requester();
    expect(kidOf(signedBySecond.token)).toBe(second);
    await expectAcceptedEverywhere(signedBySecond, ticketNumber);
    await expectAcceptedEverywhere(first, ticketNumber);

    const third = await rotate();
    const signedByThird = await requester();
    expect(kidOf(signedByThird.token)).toBe(third);
    for (const session of [signedByThird, signedBySecond, first]) {
      await expectAcceptedEverywhere(session, ticketNumber);
    }
    const jwks = await callService(platform.config, 'auth', 'GET', '/.well-known/jwks.json');
    expect((jwks.body.keys as { kid: string }[]).map((key) => key.kid)).toEqual(
      expect.arrayContaining([kidOf(first.token), second, third]),
    );
  }, 120_000);

  it('drops a cached service token the moment a peer refuses it and fetches a new one', async () => {
    const tokens = new RecordingTokenSource(
      platform.config.http.auth.url,
      platform.config.serviceApiKey,
    );
    const tickets = new ServiceHttpClient('ticket', platform.config.http.ticket.url, tokens);
    const before = await requester();
    const number = await fileTicket(before);
    await tickets.get(`/api/v1/tickets/${number}`);
    expect(
      (
        await callService(
          platform.config,
          'messaging',
          'GET',
          `/api/v1/tickets/${number}/comments`,
          {
            session: before,
          },
        )
      ).status,
    ).toBe(200);
    const [cached] = tokens.handed;

    // An operator retires every key but a fresh one at once (a leaked key); the ticket service
    // restarts and so knows only the fresh key: every token cached elsewhere is now refused.
    const fresh = await rotate();
    await authDb('signing_keys').whereNot({ kid: fresh }).update({ retired_at: authDb.fn.now() });
    await platform.kill('ticket');
    await platform.restart('ticket');

    await tickets.get(`/api/v1/tickets/${number}`);
    await tickets.get(`/api/v1/tickets/${number}`);
    expect(tokens.handed.slice(0, 2)).toEqual([cached, cached]);
    const renewed = tokens.handed[2]!;
    expect(renewed).not.toBe(cached);
    expect(kidOf(renewed)).toBe(fresh);
    expect(tokens.handed.slice(2)).toEqual([renewed, renewed]);

    // The messaging process's own cache recovers the same way: a new ticket (not in its
    // directory cache) makes it ask the restarted ticket service with its stale token first.
    const after = await requester();
    const newNumber = await fileTicket(after);
    const comments = await callService(
      platform.config,
      'messaging',
      'GET',
      `/api/v1/tickets/${newNumber}/comments`,
      { session: after },
    );
    expect(comments.status).toBe(200);
  }, 240_000);
});
