import { NotFoundError } from '../../../domain/errors';
import { SOCKET_PATH } from '../../../api/messaging/hub';
import type { TicketDirectory } from '../../../api/messaging/ticketAccess';
import { createTestDatabase, testConfig, type TestDatabase } from '../../support/platform';
import { requestJson } from '../../support/http';
import { startTestMessaging, type TestMessaging } from '../../support/messagingInstance';
import { TestSocket, type SocketMessage } from '../../support/sockets';
import { createTestIdentity, type TestIdentity, type TestUser } from '../../support/tokens';

const config = testConfig();
const USERS = {
  agent: { id: '1', name: 'Ian Agent', roles: { tts: ['IT Support'] } },
  rita: { id: '100', name: 'Rita Requester', roles: { tts: ['requester'] } },
  rob: { id: '200', name: 'Rob Requester', roles: { tts: ['requester'] } },
} satisfies Record<string, TestUser>;
const RITAS = 'TX-2026-000101';
const ROBS = 'TX-2026-000102';
const TICKETS: Record<string, string> = { [RITAS]: USERS.rita.id, [ROBS]: USERS.rob.id };
const directory: TicketDirectory = {
  requesterOf: (ticket) =>
    TICKETS[ticket]
      ? Promise.resolve(TICKETS[ticket])
      : Promise.reject(new NotFoundError(`no ticket ${ticket}`, 'id')),
  admitComment: () => Promise.resolve(),
};
const STAFF_FIELDS = ['assigneeId', 'assignedRole', 'slaDeadline', 'slaBreached'];

describe('live ticket lists over the messaging socket', () => {
  let database: TestDatabase;
  let identity: TestIdentity;
  let messaging: TestMessaging;
  let serviceToken: string;
  let seq = 0;

  const open = async (user: keyof typeof USERS): Promise<TestSocket> => {
    const token = await identity.userToken(USERS[user]);
    const url = messaging.server.url.replace('http', 'ws');
    return TestSocket.open(`${url}${SOCKET_PATH}?token=${encodeURIComponent(token)}`);
  };
  const watch = async (socket: TestSocket): Promise<SocketMessage> => {
    const from = socket.received.length;
    socket.send({ type: 'watch' });
    return socket.next((m) => m.type === 'watching', 5_000, from);
  };
  /** Announces events as the lifecycle's activity does. */
  const announce = async (ticket: string, events: Record<string, unknown>[]) => {
    const answer = await requestJson(
      `${messaging.server.url}/internal/v1/tickets/${ticket}/events/batch`,
      'POST',
      {
        token: serviceToken,
        body: {
          events: events.map((event) => ({
            eventKey: `k${String((seq += 1))}`,
            occurredAt: new Date().toISOString(),
            ...event,
          })),
        },
      },
    );
    expect(answer.status).toBe(202);
  };
  const assigned = {
    type: 'assigned',
    status: 'open',
    assigneeId: USERS.agent.id,
    assignedRole: 'IT Support',
    slaDeadline: new Date(Date.now() + 3_600_000).toISOString(),
    slaBreached: false,
  };
  const changes = (socket: TestSocket, ticket: string) =>
    socket.all('ticket.changed').filter((m) => m.ticket === ticket);
  const eventOf = (message: SocketMessage) => message.event as Record<string, unknown>;

  beforeAll(async () => {
    database = await createTestDatabase(config, 'messaging');
    identity = await createTestIdentity();
    serviceToken = await identity.serviceToken();
    messaging = await startTestMessaging(config, { db: database.db, identity, directory });
  });

  afterAll(async () => {
    await messaging.stop();
    await database.drop();
  });

  it('pushes every change whole to staff and only their own, without staff fields, to a requester', async () => {
    const [agent, rita, rob] = [await open('agent'), await open('rita'), await open('rob')];
    expect(await watch(agent)).toMatchObject({ scope: 'all' });
    expect(await watch(rita)).toMatchObject({ scope: 'own' });
    expect(await watch(rob)).toMatchObject({ scope: 'own' });

    const started = Date.now();
    await announce(RITAS, [assigned, { type: 'sla_breached', status: 'open', slaBreached: true }]);
    const pushed = await agent.next((m) => m.type === 'ticket.changed' && m.ticket === RITAS);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(eventOf(pushed)).toMatchObject(assigned);
    await agent.next((m) => m.type === 'ticket.changed' && eventOf(m).type === 'sla_breached');

    const ritas = await rita.next((m) => m.type === 'ticket.changed' && m.ticket === RITAS);
    expect(eventOf(ritas)).toMatchObject({ type: 'assigned', status: 'open' });
    for (const field of STAFF_FIELDS) expect(eventOf(ritas)).not.toHaveProperty(field);

    // Rob's own change reaches him after Rita's were sent: he got none of hers.
    await announce(ROBS, [{ ...assigned, status: 'in_progress', type: 'status_changed' }]);
    await rob.next((m) => m.type === 'ticket.changed' && m.ticket === ROBS);
    await rita.next(() => false, 300).catch(() => undefined);
    expect(changes(rob, RITAS)).toEqual([]);
    expect(changes(rita, ROBS)).toEqual([]);
    // The breach is staff-only history: requesters never hear of it.
    expect(changes(rita, RITAS).map((m) => eventOf(m).type)).toEqual(['assigned']);
    expect(changes(agent, ROBS)).toHaveLength(1);

    // Unwatched: nothing more.
    rob.send({ type: 'unwatch' });
    await rob.next((m) => m.type === 'unwatched');
    await announce(ROBS, [{ type: 'status_changed', status: 'on_hold' }]);
    await agent.next((m) => m.type === 'ticket.changed' && eventOf(m).status === 'on_hold');
    expect(changes(rob, ROBS)).toHaveLength(1);
    for (const socket of [agent, rita, rob]) socket.close();
  });

  it("keeps staff fields out of a requester's ticket subscription; hostile watch messages are refused", async () => {
    const rita = await open('rita');
    rita.send({ type: 'subscribe', ticket: RITAS });
    await rita.next((m) => m.type === 'subscribed');
    await announce(RITAS, [{ ...assigned, type: 'transferred' }]);
    const event = eventOf(await rita.next((m) => m.type === 'ticket.event'));
    expect(event.type).toBe('transferred');
    for (const field of STAFF_FIELDS) expect(event).not.toHaveProperty(field);

    rita.send({ type: 'watch', scope: 'all', ticket: ROBS });
    expect(await rita.next((m) => m.type === 'watching')).toMatchObject({ scope: 'own' });
    rita.send({ type: 'watch\u0000' });
    expect(await rita.next((m) => m.type === 'error')).toMatchObject({
      error: { status: 400 },
    });
    await announce(ROBS, [assigned]);
    await announce(RITAS, [{ type: 'status_changed', status: 'resolved' }]);
    await rita.next((m) => m.type === 'ticket.changed' && eventOf(m).status === 'resolved');
    expect(changes(rita, ROBS)).toEqual([]);
    rita.close();
  });
});
