import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConflictError, NotFoundError } from '../../../domain/errors';
import { createMessaging, type MessagingService } from '../../../api/messaging/app';
import { SLOW_CONSUMER_CLOSE, SOCKET_PATH } from '../../../api/messaging/hub';
import type { CommentAdmission, TicketDirectory } from '../../../api/messaging/ticketAccess';
import type { MentionedUser, PeopleDirectory } from '../../../api/messaging/people';
import { startHttpServer, type RunningServer } from '../../../api/shared/http/server';
import type { Broker } from '../../../infra/amqp/broker';
import { queueName } from '../../../infra/amqp/topology';
import {
  connectTestBroker,
  createTestDatabase,
  deleteTestTopology,
  eventually,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../../support/platform';
import { requestJson, type JsonAnswer } from '../../support/http';
import { TestSocket, type SocketMessage } from '../../support/sockets';
import { createTestIdentity, type TestIdentity, type TestUser } from '../../support/tokens';

const HEARTBEAT_MS = 400;
const config = testConfig({
  MESSAGING_HEARTBEAT_MS: String(HEARTBEAT_MS),
  MESSAGING_MAX_BUFFERED_BYTES: String(256 * 1024),
  MESSAGING_REPLAY_LIMIT: '50',
});

const USERS = {
  agent: { id: '1', name: 'Ian Agent', roles: { tts: ['agent', 'IT Support'] } },
  admin: { id: '2', name: 'Ada Admin', roles: { tts: ['admin'] } },
  rita: { id: '100', name: 'Rita Requester', roles: { tts: ['requester'] } },
  rob: { id: '200', name: 'Rob Requester', roles: { tts: ['requester'] } },
} satisfies Record<string, TestUser>;
type UserKey = keyof typeof USERS;

const TICKETS: Record<string, string> = {
  'TX-2026-000001': USERS.rita.id,
  'TX-2026-000002': USERS.rob.id,
  'TX-2026-000003': USERS.rita.id,
  'TX-2026-000004': USERS.rita.id,
  'TX-2026-000005': USERS.rita.id,
  'TX-2026-000006': USERS.rita.id,
  'TX-2026-000007': USERS.rita.id,
  'TX-2026-000008': USERS.rita.id,
};
/** The ticket API's answers on new comments (the real rules: test/api/ticket/tickets.test.ts). */
const CLOSED_TICKET = 'TX-2026-000007';
const admissions: { ticket: string; comment: CommentAdmission }[] = [];
const directory: TicketDirectory = {
  requesterOf: (ticket) =>
    TICKETS[ticket]
      ? Promise.resolve(TICKETS[ticket])
      : Promise.reject(new NotFoundError(`no ticket ${ticket}`, 'id')),
  admitComment: (ticket, comment) => {
    admissions.push({ ticket, comment });
    return ticket === CLOSED_TICKET
      ? Promise.reject(
          new ConflictError(
            `ticket: ticket ${ticket} is closed: it takes no new comments`,
            'status',
          ),
        )
      : Promise.resolve();
  },
};

const PEOPLE: MentionedUser[] = [
  { id: '3', email: 'manager1@helpdesk.local', name: 'Mia Manager', roles: { tts: ['Manager'] } },
  { id: USERS.rob.id, email: 'rob@example.com', name: USERS.rob.name, roles: USERS.rob.roles },
  { id: USERS.rita.id, email: 'rita@example.com', name: USERS.rita.name, roles: USERS.rita.roles },
];
const people: PeopleDirectory = {
  usersByEmail: (emails) => Promise.resolve(PEOPLE.filter((p) => emails.includes(p.email))),
};

interface Instance {
  broker: Broker;
  messaging: MessagingService;
  server: RunningServer;
}

const commentOf = (m: SocketMessage) => m.comment as { id: string; body: string | null };

describe('messaging service', () => {
  let database: TestDatabase;
  let identity: TestIdentity;
  let mediaRoot: string;
  const instances: Instance[] = [];
  const sockets: TestSocket[] = [];
  const tokens = {} as Record<UserKey, string>;

  async function startInstance(): Promise<Instance> {
    const broker = await connectTestBroker(config);
    const messaging = await createMessaging({
      config: { ...config, messaging: { ...config.messaging, mediaRoot } },
      db: database.db,
      broker,
      verifier: identity.verifier,
      revocations: identity.revocations,
      directory,
      people,
      logger: silentLogger,
    });
    const server = await startHttpServer(messaging.app, 0);
    messaging.hub.attach(server.server);
    const instance = { broker, messaging, server };
    instances.push(instance);
    return instance;
  }

  async function connect(instance: Instance, user: UserKey, options = {}): Promise<TestSocket> {
    const socket = await TestSocket.open(
      `${instance.server.url.replace('http', 'ws')}${SOCKET_PATH}?token=${tokens[user]}`,
      options,
    );
    sockets.push(socket);
    return socket;
  }

  async function subscribe(socket: TestSocket, ticket: string, after?: string) {
    const from = socket.received.length;
    socket.send({ type: 'subscribe', ticket, ...(after ? { after } : {}) });
    return socket.next(
      (m) => (m.type === 'subscribed' && m.ticket === ticket) || m.type === 'error',
      5_000,
      from,
    );
  }

  async function call(
    instance: Instance,
    method: string,
    url: string,
    user: UserKey | 'service' | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonAnswer> {
    const token = user === 'service' ? await identity.serviceToken() : user ? tokens[user] : null;
    return requestJson(`${instance.server.url}${url}`, method, {
      token,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase(config, 'messaging');
    identity = await createTestIdentity();
    mediaRoot = await mkdtemp(path.join(tmpdir(), 'messaging-media-'));
    for (const key of Object.keys(USERS) as UserKey[]) {
      tokens[key] = await identity.userToken(USERS[key]);
    }
    await startInstance();
    await startInstance();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const instance of instances) {
      await instance.messaging.hub.close();
      await instance.server.stop();
    }
    await deleteTestTopology(instances[0]!.broker);
    for (const instance of instances) await instance.broker.close();
    await database.drop();
    await rm(mediaRoot, { recursive: true, force: true });
  });

  it('delivers each comment once to every subscriber on both instances, and acks socket posts', async () => {
    const [a, b] = instances as [Instance, Instance];
    const ticket = 'TX-2026-000001';
    const agentA = await connect(a, 'agent');
    const ritaB = await connect(b, 'rita');
    const adminB = await connect(b, 'admin');
    for (const socket of [agentA, ritaB, adminB]) {
      expect(await subscribe(socket, ticket)).toMatchObject({ type: 'subscribed' });
    }

    const posted = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'rita', {
      body: 'My VPN drops every 5 minutes',
    });
    expect(posted.status).toBe(201);
    const id = (posted.body.comment as { id: string }).id;

    const ack = await agentA.request({
      type: 'comment.post',
      ref: 'agent-reply-1',
      ticket,
      body: 'Looking into it now',
    });
    expect(ack).toMatchObject({ type: 'ack', ref: 'agent-reply-1', created: true });
    const replyId = ack.commentId as string;

    for (const socket of [agentA, ritaB, adminB]) {
      await socket.next((m) => m.type === 'comment.created' && commentOf(m).id === replyId);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const socket of [agentA, ritaB, adminB]) {
      expect(socket.all('comment.created').map((m) => commentOf(m).id)).toEqual([id, replyId]);
    }
    const again = await agentA.request({
      type: 'comment.post',
      ref: 'agent-reply-1',
      ticket,
      body: 'Looking into it now',
    });
    expect(again).toMatchObject({ type: 'ack', commentId: replyId, created: false });
    const list = await call(b, 'GET', `/api/v1/tickets/${ticket}/comments`, 'rita');
    expect((list.body.items as { body: string }[]).map((c) => c.body)).toEqual([
      'My VPN drops every 5 minutes',
      'Looking into it now',
    ]);
  });

  it('hides internal notes from requesters, live and over REST', async () => {
    const [a, b] = instances as [Instance, Instance];
    const ticket = 'TX-2026-000003';
    const agent = await connect(a, 'agent');
    const rita = await connect(b, 'rita');
    await subscribe(agent, ticket);
    await subscribe(rita, ticket);
    const note = await agent.request({
      type: 'comment.post',
      ref: 'note-1',
      ticket,
      body: 'Internal: the requester is on the old VPN client',
      internal: true,
    });
    const publicReply = await agent.request({
      type: 'comment.post',
      ref: 'public-1',
      ticket,
      body: 'Please update your VPN client',
    });
    await rita.next(
      (m) => m.type === 'comment.created' && commentOf(m).id === publicReply.commentId,
    );
    await agent.next((m) => m.type === 'comment.created' && commentOf(m).id === note.commentId);
    expect(rita.all('comment.created').map((m) => commentOf(m).id)).toEqual([
      publicReply.commentId,
    ]);

    const asRequester = await call(b, 'GET', `/api/v1/tickets/${ticket}/comments`, 'rita');
    expect((asRequester.body.items as { id: string }[]).map((c) => c.id)).toEqual([
      publicReply.commentId,
    ]);
    const asAgent = await call(b, 'GET', `/api/v1/tickets/${ticket}/comments`, 'agent');
    expect((asAgent.body.items as { id: string }[]).map((c) => c.id)).toEqual([
      note.commentId,
      publicReply.commentId,
    ]);
    const history = await call(
      a,
      'GET',
      `/api/v1/tickets/${ticket}/comments/${String(note.commentId)}/history`,
      'rita',
    );
    expect(history.status).toBe(404);
    // Editing or deleting a note she cannot see is a 404 like a missing id, not a 403 (issue 12.15).
    const noteUrl = `/api/v1/tickets/${ticket}/comments/${String(note.commentId)}`;
    const missingUrl = `/api/v1/tickets/${ticket}/comments/999999999`;
    for (const url of [noteUrl, missingUrl]) {
      expect(await call(a, 'PATCH', url, 'rita', { body: 'edited' })).toMatchObject({
        status: 404,
        body: { error: { code: 'not_found', field: 'commentId' } },
      });
      expect(await call(a, 'DELETE', url, 'rita')).toMatchObject({
        status: 404,
        body: { error: { code: 'not_found', field: 'commentId' } },
      });
    }
    const sneaky = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'rita', {
      body: 'let me in',
      internal: true,
    });
    expect(sneaky).toMatchObject({ status: 403, body: { error: { field: 'body.internal' } } });
  });

  it('refuses comment bodies Postgres cannot store, over REST and over the socket (issue 12)', async () => {
    const [a] = instances as [Instance];
    const ticket = 'TX-2026-000003';
    for (const body of ['nul \u0000 byte', 'lone \ud800 surrogate']) {
      expect(
        await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', { body }),
      ).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed', field: 'body.body' } },
      });
    }
    const agent = await connect(a, 'agent');
    expect(
      await agent.request({ type: 'comment.post', ref: 'nul-1', ticket, body: 'a\u0000b' }),
    ).toMatchObject({ type: 'error', ref: 'nul-1', error: { status: 400, field: 'body' } });
  });

  it('asks the ticket API before storing a person’s comment: a closed ticket takes none, over REST and the socket', async () => {
    const [a] = instances as [Instance];
    const post = (user: UserKey, ticket: string, body: Record<string, unknown>, key?: string) =>
      call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, user, body, {
        ...(key ? { 'idempotency-key': key } : {}),
      });
    for (const [user, internal] of [
      ['rita', false],
      ['agent', true],
    ] as const) {
      expect(await post(user, CLOSED_TICKET, { body: 'anyone there?', internal })).toMatchObject({
        status: 409,
        body: { error: { code: 'conflict', field: 'status' } },
      });
    }
    const agent = await connect(a, 'agent');
    expect(
      await agent.request({
        type: 'comment.post',
        ref: 'late-1',
        ticket: CLOSED_TICKET,
        body: 'hi',
      }),
    ).toMatchObject({ type: 'error', ref: 'late-1', error: { status: 409, field: 'status' } });
    const list = await call(a, 'GET', `/api/v1/tickets/${CLOSED_TICKET}/comments`, 'agent');
    expect(list.body.items).toEqual([]);
    // The lifecycle's own system comments are not people's: they are not asked about.
    const system = await call(
      a,
      'POST',
      `/internal/v1/tickets/${CLOSED_TICKET}/comments`,
      'service',
      {
        commentKey: 'ticket-TX-2026-000007:closed:1',
        body: 'Closed after the reopen window',
      },
    );
    expect(system.status).toBe(201);

    // A reply carries who wrote it, whether it is internal, and its idempotency key (a retried
    // reply reopens a resolved ticket once).
    admissions.length = 0;
    expect((await post('rita', 'TX-2026-000008', { body: 'Still broken' }, 'r-1')).status).toBe(
      201,
    );
    expect(admissions).toEqual([
      {
        ticket: 'TX-2026-000008',
        comment: { authorId: USERS.rita.id, internal: false, key: `user:${USERS.rita.id}:r-1` },
      },
    ]);
  });

  it('refuses subscriptions to tickets the user may not see, and sockets without a valid token', async () => {
    const [a] = instances as [Instance];
    const rob = await connect(a, 'rob');
    expect(await subscribe(rob, 'TX-2026-000001')).toMatchObject({
      type: 'error',
      ticket: 'TX-2026-000001',
      error: { status: 404 },
    });
    expect(await subscribe(rob, 'TX-2026-999999')).toMatchObject({
      type: 'error',
      error: { status: 404 },
    });
    expect(await subscribe(rob, '../etc')).toMatchObject({
      type: 'error',
      error: { status: 422, field: 'ticket' },
    });
    await call(a, 'POST', '/api/v1/tickets/TX-2026-000001/comments', 'agent', { body: 'secret' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rob.all('comment.created')).toEqual([]);
    await expect(
      TestSocket.open(`${a.server.url.replace('http', 'ws')}${SOCKET_PATH}?token=forged`),
    ).rejects.toThrow('HTTP 401');
  });

  it('resumes after a reconnect with what was missed, then goes live without duplicates', async () => {
    const [a, b] = instances as [Instance, Instance];
    const ticket = 'TX-2026-000004';
    const first = await connect(b, 'rita');
    await subscribe(first, ticket);
    const c1 = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', {
      body: 'one',
    });
    const c1Id = (c1.body.comment as { id: string }).id;
    await first.next((m) => m.type === 'comment.created' && commentOf(m).id === c1Id);
    first.close();

    const missed: string[] = [];
    for (const body of ['two', 'three']) {
      const posted = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', { body });
      missed.push((posted.body.comment as { id: string }).id);
    }
    const second = await connect(a, 'rita');
    expect(await subscribe(second, ticket, c1Id)).toMatchObject({ type: 'subscribed' });
    await second.next((m) => m.type === 'comment.created' && commentOf(m).id === missed[1]);
    const c4 = await call(b, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', {
      body: 'four',
    });
    const c4Id = (c4.body.comment as { id: string }).id;
    await second.next((m) => m.type === 'comment.created' && commentOf(m).id === c4Id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = second.all('comment.created');
    expect(created.map((m) => commentOf(m).body)).toEqual(['two', 'three', 'four']);
    expect(created.map((m) => m.replay ?? false)).toEqual([true, true, false]);
  });

  it('shares presence across instances, relays typing to others, and announces ticket events', async () => {
    const [a, b] = instances as [Instance, Instance];
    const ticket = 'TX-2026-000005';
    const agent = await connect(a, 'agent');
    const rita = await connect(b, 'rita');
    await subscribe(agent, ticket);
    await subscribe(rita, ticket);
    const both = await agent.next(
      (m) => m.type === 'presence' && (m.viewers as unknown[]).length === 2,
    );
    expect((both.viewers as { name: string }[]).map((v) => v.name)).toEqual([
      'Ian Agent',
      'Rita Requester',
    ]);
    agent.send({ type: 'typing', ticket });
    expect(await rita.next((m) => m.type === 'typing')).toMatchObject({
      ticket,
      user: { userId: USERS.agent.id, name: 'Ian Agent' },
    });
    const event = {
      eventKey: 'ticket-status-1',
      type: 'status_changed',
      status: 'in_progress',
      occurredAt: new Date().toISOString(),
    };
    for (let i = 0; i < 2; i += 1) {
      expect(
        (
          await call(a, 'POST', `/internal/v1/tickets/${ticket}/events/batch`, 'service', {
            events: [event],
          })
        ).status,
      ).toBe(202);
    }
    expect(await rita.next((m) => m.type === 'ticket.event')).toMatchObject({
      event: { status: 'in_progress' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rita.all('ticket.event')).toHaveLength(1);
    expect(agent.all('typing')).toEqual([]);

    rita.close();
    const alone = await agent.next(
      (m) => m.type === 'presence' && (m.viewers as unknown[]).length === 1,
    );
    expect(alone.viewers).toEqual([{ userId: USERS.agent.id, name: 'Ian Agent' }]);
  });

  it('edits and deletes comments with history, live, by the author or an admin only', async () => {
    const [a, b] = instances as [Instance, Instance];
    const ticket = 'TX-2026-000001';
    const watcher = await connect(b, 'agent');
    await subscribe(watcher, ticket);
    const posted = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'rita', {
      body: 'Typo in thsi one',
    });
    const id = (posted.body.comment as { id: string }).id;
    const base = `/api/v1/tickets/${ticket}/comments/${id}`;
    expect((await call(a, 'PATCH', base, 'agent', { body: 'hijack' })).status).toBe(403);
    const edited = await call(a, 'PATCH', base, 'rita', { body: 'Typo in this one' });
    expect(edited).toMatchObject({ status: 200, body: { comment: { body: 'Typo in this one' } } });
    expect(await watcher.next((m) => m.type === 'comment.edited')).toMatchObject({
      comment: { id, body: 'Typo in this one' },
    });
    const removed = await call(a, 'DELETE', base, 'admin');
    expect(removed).toMatchObject({
      status: 200,
      body: { comment: { deleted: true, body: null } },
    });
    await watcher.next((m) => m.type === 'comment.deleted');
    expect((await call(a, 'PATCH', base, 'rita', { body: 'again' })).status).toBe(409);
    const history = await call(b, 'GET', `${base}/history`, 'rita');
    expect(
      (history.body.items as { change: string; body: string }[]).map((r) => [r.change, r.body]),
    ).toEqual([
      ['edit', 'Typo in thsi one'],
      ['delete', 'Typo in this one'],
    ]);
  });

  it('threads replies and rates comments, live, once per user', async () => {
    const [a, b] = instances as [Instance, Instance];
    const ticket = 'TX-2026-000005';
    const watcher = await connect(b, 'rita');
    await subscribe(watcher, ticket);
    const question = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'rita', {
      body: 'Which VPN client version do I need?',
    });
    const questionId = (question.body.comment as { id: string }).id;
    const reply = await watcher.request({
      type: 'comment.post',
      ref: 'reply-1',
      ticket,
      body: 'I will check',
      replyTo: questionId,
    });
    expect(reply).toMatchObject({ type: 'ack' });
    const answer = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', {
      body: 'Version 5.2 or later',
      replyTo: questionId,
    });
    expect(answer).toMatchObject({ status: 201, body: { comment: { replyTo: questionId } } });
    const answerId = (answer.body.comment as { id: string }).id;
    const note = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', {
      body: 'internal',
      internal: true,
    });
    const hiddenParent = await call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'rita', {
      body: 'replying to what I cannot see',
      replyTo: (note.body.comment as { id: string }).id,
    });
    expect(hiddenParent).toMatchObject({ status: 404, body: { error: { field: 'body.replyTo' } } });

    const rate = (user: UserKey, rating: unknown) =>
      call(a, 'PUT', `/api/v1/tickets/${ticket}/comments/${answerId}/rating`, user, { rating });
    expect((await rate('rita', 5)).status).toBe(200);
    expect((await rate('rita', 4)).body).toMatchObject({
      comment: { rating: { average: 4, count: 1 } },
    });
    expect((await rate('admin', 5)).body).toMatchObject({
      comment: { rating: { average: 4.5, count: 2 } },
    });
    expect(await rate('agent', 5)).toMatchObject({
      status: 409,
      body: { error: { field: 'commentId' } },
    });
    expect(await rate('rita', 6)).toMatchObject({
      status: 422,
      body: { error: { field: 'body.rating' } },
    });
    const rated = await watcher.next(
      (m) =>
        m.type === 'comment.rated' &&
        (m.comment as { rating: { count: number } }).rating.count === 2,
    );
    expect(rated).toMatchObject({ comment: { id: answerId, rating: { average: 4.5 } } });
  });

  it('stores comment attachments with multipart posts and serves them to those who may see them', async () => {
    const [a] = instances as [Instance];
    const ticket = 'TX-2026-000001';
    const form = new FormData();
    form.set('body', 'screenshot attached');
    form.append('attachments', new Blob(['log line 1\n'], { type: 'text/plain' }), 'vpn.log');
    const response = await fetch(`${a.server.url}/api/v1/tickets/${ticket}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.rita}` },
      body: form,
    });
    expect(response.status).toBe(201);
    const comment = (
      (await response.json()) as {
        comment: { id: string; attachments: { id: string; filename: string; sha256: string }[] };
      }
    ).comment;
    expect(comment.attachments.map((f) => f.filename)).toEqual(['vpn.log']);
    const url = `${a.server.url}/api/v1/tickets/${ticket}/comments/${comment.id}/attachments/${comment.attachments[0]!.id}`;
    const download = await fetch(url, { headers: { authorization: `Bearer ${tokens.agent}` } });
    expect(await download.text()).toBe('log line 1\n');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename=vpn.log');
    expect(download.headers.get('x-content-sha256')).toBe(comment.attachments[0]!.sha256);
    const stranger = await fetch(url, { headers: { authorization: `Bearer ${tokens.rob}` } });
    expect(stranger.status).toBe(404);
  });

  it('takes the lifecycle system comments once per comment key, and mails mentioned users who may read the comment', async () => {
    const [a] = instances as [Instance];
    const ticket = 'TX-2026-000002';
    const url = `/internal/v1/tickets/${ticket}/comments`;
    const input = { commentKey: 'ticket-TX-2026-000002:assigned:1', body: 'Assigned to Ian' };
    expect((await call(a, 'POST', url, 'service', input)).status).toBe(201);
    expect((await call(a, 'POST', url, 'service', input)).status).toBe(200);
    expect((await call(a, 'POST', url, 'rob', input)).status).toBe(403);
    const list = await call(a, 'GET', `/api/v1/tickets/${ticket}/comments`, 'rob');
    expect(list.body.items).toMatchObject([
      { body: 'Assigned to Ian', author: { kind: 'system' } },
    ]);

    // An internal note mails only the staff it names; a public comment also the ticket's own
    // requester; another ticket's requester and addresses that are no platform user get nothing.
    const post = (body: string, internal: boolean) =>
      call(a, 'POST', `/api/v1/tickets/${ticket}/comments`, 'agent', { body, internal });
    const everyone = '@manager1@helpdesk.local @Rob@example.com @rita@example.com @x@evil.test';
    const note = await post(`Internal: ${everyone}`, true);
    const reply = await post(`Public: ${everyone}`, false);
    const idOf = (r: typeof note) => (r.body.comment as { id: string }).id;
    const channel = await a.broker.createChannel();
    try {
      const mails: { id: string; recipient: { email: string } }[] = [];
      const lastExpected = `comment-mention:${idOf(reply)}:${USERS.rob.id}`;
      await eventually(async () => {
        const got = await channel.get(queueName(a.broker.prefix, 'notification'), { noAck: true });
        if (got) mails.push(JSON.parse(got.content.toString('utf8')) as (typeof mails)[number]);
        expect(mails.map((m) => m.id)).toContain(lastExpected);
      });
      expect(mails.map((m) => [m.id, m.recipient.email])).toEqual([
        [`comment-mention:${idOf(note)}:3`, 'manager1@helpdesk.local'],
        [`comment-mention:${idOf(reply)}:3`, 'manager1@helpdesk.local'],
        [lastExpected, 'rob@example.com'],
      ]);
      expect(mails[0]).toMatchObject({
        type: 'comment_mention',
        data: { ticketNumber: ticket, author: 'Ian Agent' },
      });
    } finally {
      await channel.close();
    }
  });

  it('disconnects a client that stops reading once its send buffer is full, with a reason', async () => {
    const [a] = instances as [Instance];
    const ticket = 'TX-2026-000006';
    const slow = await connect(a, 'agent');
    await subscribe(slow, ticket);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = a.messaging.hub.stats().slowConsumerDisconnects;
    const big = 'x'.repeat(512 * 1024);
    for (let i = 0; i < 64 && a.messaging.hub.stats().slowConsumerDisconnects === before; i += 1) {
      a.messaging.hub.deliver({
        type: 'ticket.event',
        ticket,
        event: { eventKey: `flood-${i}`, type: big, occurredAt: new Date().toISOString() },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(a.messaging.hub.stats().slowConsumerDisconnects).toBe(before + 1);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await eventually(() => expect(slow.closed).not.toBeNull());
    expect([SLOW_CONSUMER_CLOSE, 1006]).toContain(slow.closed!.code);
  });

  it('drops sockets that stop answering heartbeats', async () => {
    const [a] = instances as [Instance];
    const silent = await connect(a, 'rita', { autoPong: false });
    await eventually(() => expect(silent.closed).not.toBeNull(), HEARTBEAT_MS * 6);
    const healthy = await connect(a, 'rita');
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 3));
    expect(healthy.closed).toBeNull();
  });

  it.each([
    ['GET', '/api/v1/tickets/TX-2026-000001/comments', null, undefined, 401, 'authorization'],
    [
      'GET',
      '/api/v1/tickets/TX-2026-000001/comments?limit=0',
      'agent',
      undefined,
      422,
      'query.limit',
    ],
    [
      'GET',
      '/api/v1/tickets/TX-2026-000001/comments?after=abc',
      'agent',
      undefined,
      422,
      'query.after',
    ],
    ['GET', '/api/v1/tickets/TX-2026-999999/comments', 'agent', undefined, 404, 'id'],
    ['GET', '/api/v1/tickets/TX-2026-000001/comments', 'rob', undefined, 404, 'ticket'],
    ['POST', '/api/v1/tickets/TX-2026-000001/comments', 'agent', {}, 422, 'body.body'],
    ['POST', '/api/v1/tickets/TX-2026-000001/comments', 'agent', { body: '   ' }, 422, 'body.body'],
    ['POST', '/api/v1/tickets/TX-2026-000001/comments', 'agent', '{"body":', 400, undefined],
    [
      'POST',
      '/api/v1/tickets/TX-2026-000001/comments',
      'agent',
      { body: 'x'.repeat(20_001) },
      422,
      'body.body',
    ],
    [
      'PATCH',
      '/api/v1/tickets/TX-2026-000001/comments/99999',
      'agent',
      { body: 'x' },
      404,
      'commentId',
    ],
    ['PATCH', '/api/v1/tickets/TX-2026-000001/comments/1', 'agent', { body: 5 }, 422, 'body.body'],
    [
      'DELETE',
      '/api/v1/tickets/TX-2026-000001/comments/x',
      'agent',
      undefined,
      422,
      'params.commentId',
    ],
    [
      'POST',
      '/internal/v1/tickets/TX-2026-000001/comments',
      'service',
      { body: 'x' },
      422,
      'body.commentKey',
    ],
    [
      'POST',
      '/internal/v1/tickets/TX-2026-000001/events/batch',
      'service',
      { events: [{ eventKey: 'k' }] },
      422,
      'body.events.0.type',
    ],
    [
      'POST',
      '/internal/v1/tickets/TX-2026-000001/events/batch',
      'agent',
      { events: [{ eventKey: 'k' }] },
      403,
      'authorization',
    ],
  ] as const)(
    '%s %s as %s answers %i naming %s',
    async (method, url, user, body, status, field) => {
      const answer = await call(instances[0]!, method, url, user, body);
      expect(answer.status).toBe(status);
      expect(answer.body).toHaveProperty('error.message');
      if (field) expect(answer.body).toHaveProperty('error.field', field);
    },
  );
});
