import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { SOCKET_PATH } from '../../api/messaging/hub';
import { NOTIFICATION_SOCKET_PATH } from '../../api/notification/livePush';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { callService, logIn } from '../support/platformSessions';
import type { TestSocket } from '../support/sockets';
import { rawUpgrade } from '../support/socketAbuse';
import { hostileText } from './arbitraries';
import { loadOperations, percentEncode, requestArbitrary, type Operation } from './rest';
import { checkProperty, expectAllHealthy, faultOf, fuzzTimeout, send, Tally } from './run';
import { openSocket, perform, socketActions } from './sockets';

/**
 * Seeded property-based fuzz of the platform's real processes: requests drawn from each route's
 * OpenAPI schemas and the hostile catalogue, and abusive clients on both sockets. No answer may
 * be a 5xx and every process must answer /health after each batch. `FUZZ_RUNS` sets the number
 * of batches (a short pass by default), `FUZZ_SEED` replays one.
 */
const SHORT_REST_BATCHES = 60;
const SHORT_SOCKET_RUNS = 20;

/** Upgrade requests every socket must refuse with a 4xx: hostile tokens and paths. */
const hostileUpgrade = fc.oneof(
  hostileText.map((token) => `?token=${percentEncode(token)}`),
  fc.constantFrom('?token=a.b.c', '?token=', '', '/%zz', '/..%2f..', '?token=%ED%A0%80'),
);

describe('property-based fuzz', () => {
  let platform: MiniPlatform;
  let operations: Operation[];
  let ticketNumber: string;
  const tokens: Record<string, string | null> = { anonymous: null };

  beforeAll(async () => {
    platform = await startMiniPlatform();
    operations = await loadOperations(platform.config);
    for (const [who, email, password] of [
      ['requester', 'requester1@helpdesk.local', 'requester-dev-password'],
      ['agent', 'it1@helpdesk.local', 'agent-dev-password'],
      ['admin', 'admin@helpdesk.local', 'admin-dev-password'],
    ] as const) {
      tokens[who] = (await logIn(platform.config, email, password)).token;
    }
    const filed = await callService(platform.config, 'ticket', 'POST', '/api/v1/tickets', {
      session: { userId: '', email: '', token: tokens.requester! },
      body: {
        subject: 'fuzz target',
        description: 'The ticket the socket fuzz subscribes to',
        priority: 'low',
        department: 'IT',
        category: 'Support',
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    ticketNumber = (filed.body.ticket as { number: string }).number;
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it(
    'answers every drawn request below 500, errors as JSON, and stays healthy',
    async () => {
      const tally = new Tally();
      const started = Date.now();
      const batch = fc.array(requestArbitrary(operations, Object.keys(tokens)), {
        minLength: 1,
        maxLength: 6,
      });
      const batches = await checkProperty(
        'REST fuzz',
        fc.asyncProperty(batch, async (requests) => {
          const answers = await Promise.all(
            requests.map((request) => send(platform.config, tokens, request)),
          );
          answers.forEach((answer) => tally.add(answer));
          answers.forEach((answer, i) => {
            const fault = faultOf(answer);
            const request = requests[i]!;
            if (fault)
              throw new Error(`${request.service} ${request.method} ${request.url} ${fault}`);
          });
          await expectAllHealthy(platform.config);
        }),
        SHORT_REST_BATCHES,
      );
      process.stdout.write(
        `REST fuzz: ${String(batches)} batches, ${String(tally.sent)} requests in ${String(Date.now() - started)} ms: ${tally.toString()}\n`,
      );
    },
    fuzzTimeout(SHORT_REST_BATCHES),
  );

  it(
    'survives abusive socket clients on both sockets',
    async () => {
      const started = Date.now();
      let frames = 0;
      let upgrades = 0;
      const endpoints = [
        { service: 'messaging' as const, path: SOCKET_PATH },
        { service: 'notification' as const, path: NOTIFICATION_SOCKET_PATH },
      ];
      const urlOf = (endpoint: (typeof endpoints)[number], who: string): string =>
        `${platform.config.http[endpoint.service].url.replace('http', 'ws')}${endpoint.path}?token=${tokens[who]!}`;
      const runs = await checkProperty(
        'socket fuzz',
        fc.asyncProperty(
          fc.constantFrom(...endpoints),
          fc.constantFrom('requester', 'agent', 'admin'),
          socketActions(ticketNumber),
          hostileUpgrade,
          async (endpoint, who, actions, upgrade) => {
            const port = Number(new URL(platform.config.http[endpoint.service].url).port);
            const refused = await rawUpgrade(port, `${endpoint.path}${upgrade}`);
            upgrades += 1;
            const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(refused.head)?.[1] ?? 0);
            if (status === 0 || status >= 500) {
              throw new Error(`upgrade ${endpoint.path}${upgrade} answered ${refused.head}`);
            }
            const opened: TestSocket[] = [];
            try {
              const socket = await openSocket(urlOf(endpoint, who));
              opened.push(socket);
              for (const action of actions) frames += perform(socket, action);
              await expectAllHealthy(platform.config);
              const fresh = await openSocket(urlOf(endpoint, who));
              opened.push(fresh);
            } finally {
              for (const socket of opened) socket.close();
            }
          },
        ),
        SHORT_SOCKET_RUNS,
      );
      process.stdout.write(
        `socket fuzz: ${String(runs)} clients, ${String(frames)} frames, ${String(upgrades)} hostile upgrades in ${String(Date.now() - started)} ms\n`,
      );
    },
    fuzzTimeout(SHORT_SOCKET_RUNS),
  );
});
