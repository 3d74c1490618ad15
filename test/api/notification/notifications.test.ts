import { randomUUID } from 'node:crypto';
import type { Channel } from 'amqplib';
import WebSocket from 'ws';
import { createNotificationApp } from '../../../api/notification/app';
import { emailHandler, inappHandler } from '../../../api/notification/consumers/deliveries';
import {
  createSmtpSender,
  isTransientEmailError,
  type EmailSender,
} from '../../../api/notification/email';
import { SocketSessions } from '../../../api/shared/auth/socketSessions';
import { LivePush } from '../../../api/notification/livePush';
import type { RecipientDirectory } from '../../../api/notification/recipients';
import { startHttpServer, type RunningServer } from '../../../api/shared/http/server';
import {
  NOTIFICATION_TYPES,
  type NotificationMessage,
  type NotificationType,
} from '../../../domain/notifications';
import type { Broker } from '../../../infra/amqp/broker';
import { deadLetterQueueName, queueName } from '../../../infra/amqp/topology';
import { startSmtpSink, type SmtpSink } from '../../../infra/smtp/sink';
import {
  connectTestBroker,
  createTestDatabase,
  deleteTestTopology,
  eventually,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../../support/platform';
import { createTestIdentity, type TestIdentity } from '../../support/tokens';

const SMTP_PORT = 20_000 + Math.floor(Math.random() * 20_000);
const config = testConfig({ SMTP_PORT: String(SMTP_PORT) });
const directory: RecipientDirectory = {
  emailOf: (recipient) =>
    Promise.resolve(
      recipient.email ?? (recipient.userId ? `user${recipient.userId}@example.test` : null),
    ),
};

function notification(
  type: NotificationType,
  userId = '7',
  overrides: Partial<NotificationMessage> = {},
): NotificationMessage {
  return {
    id: randomUUID(),
    type,
    recipient: { userId, name: 'Ada' },
    data: {
      ticketNumber: 'TX-20261125-000001',
      subject: 'VPN down',
      step: 'Triage',
      priority: 'high',
    },
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

describe('notification service', () => {
  let database: TestDatabase;
  let broker: Broker;
  let sink: SmtpSink;
  let sender: EmailSender;
  let live: LivePush;
  let server: RunningServer;
  let identity: TestIdentity;
  const emailQueue = () => queueName(broker.prefix, 'notification');
  const inappQueue = () => queueName(broker.prefix, 'inappNotification');
  const sent = (id: string) =>
    sink.messages.filter((m) => m.raw.includes(`<${id}@helpdesk.local>`));

  /** Takes what the queue's dead-letter queue holds now: message ids and reasons. */
  async function takeDeadLetters(
    channel: Channel,
    queue: string,
  ): Promise<{ id: unknown; reason: unknown }[]> {
    const dead: { id: unknown; reason: unknown }[] = [];
    for (;;) {
      const message = await channel.get(deadLetterQueueName(queue), { noAck: true });
      if (!message) return dead;
      dead.push({
        id: message.properties.messageId,
        reason: message.properties.headers?.['x-dead-letter-reason'],
      });
    }
  }

  async function consumeWith(target: Broker): Promise<void> {
    await target.consume(
      emailQueue(),
      emailHandler({ db: database.db, sender, directory, logger: silentLogger }),
      {
        isTransient: isTransientEmailError,
        retryDelayMs: 100,
      },
    );
    await target.consume(
      inappQueue(),
      inappHandler({
        db: database.db,
        onCreated: (n) => live.push(n),
        onRead: (read) => live.pushRead(read),
      }),
      { retryDelayMs: 100 },
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase(config, 'notification');
    sink = await startSmtpSink(SMTP_PORT);
    sender = createSmtpSender(config.smtp);
    broker = await connectTestBroker(config);
    identity = await createTestIdentity();
    live = new LivePush(
      identity.verifier,
      new SocketSessions(identity.verifier, identity.revocations),
      silentLogger,
    );
    await consumeWith(broker);
    server = await startHttpServer(
      createNotificationApp({
        logger: silentLogger,
        db: database.db,
        broker,
        verifier: identity.verifier,
      }),
      0,
    );
    live.attach(server.server);
  });

  afterAll(async () => {
    live.close();
    await server.stop();
    await deleteTestTopology(broker);
    await broker.close();
    sender.close();
    await sink.stop();
    await database.drop();
  });

  it('delivers every notification type by email exactly once, with its template', async () => {
    const messages = NOTIFICATION_TYPES.map((type) => notification(type));
    for (const message of messages) {
      await broker.sendToQueue(emailQueue(), message, { messageId: message.id });
      await broker.sendToQueue(emailQueue(), message, { messageId: message.id });
    }
    await eventually(
      () => expect(messages.every((m) => sent(m.id).length === 1)).toBe(true),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages.map((m) => sent(m.id).length)).toEqual(messages.map(() => 1));
    const assignment = sent(messages[0]!.id)[0]!;
    expect(assignment.to).toEqual(['user7@example.test']);
    expect(assignment.raw).toContain('Subject: New assignment: TX-20261125-000001');
    expect(assignment.raw).toContain('Hello Ada,');
    // The sink sees a mail a moment before its delivery row is marked sent: wait for the rows.
    await eventually(async () => {
      const rows = await database
        .db('deliveries')
        .whereIn(
          'message_id',
          messages.map((m) => m.id),
        )
        .where({ channel: 'email', status: 'sent' });
      expect(rows).toHaveLength(NOTIFICATION_TYPES.length);
    }, 15_000);
  });

  it('sends once when the consumer connection dies mid-message and the message is redelivered', async () => {
    const second = await connectTestBroker(config);
    const first = await connectTestBroker(config);
    const message = notification('sla_breach');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowSender: EmailSender = {
      send: async (email) => {
        await gate;
        await sender.send(email);
      },
      close: () => undefined,
    };
    await first.consume(
      emailQueue(),
      emailHandler({ db: database.db, sender: slowSender, directory, logger: silentLogger }),
    );
    await broker.sendToQueue(emailQueue(), message, { messageId: message.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.close(0);
    await consumeWith(second);
    release();
    await eventually(() => expect(sent(message.id)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent(message.id)).toHaveLength(1);
    await second.close();
  });

  it('stops gracefully: the message being sent finishes and is not delivered again', async () => {
    const stopping = await connectTestBroker(testConfig());
    const queue = queueName(stopping.prefix, 'notification');
    const message = notification('escalation');
    let started!: () => void;
    const inSend = new Promise<void>((resolve) => (started = resolve));
    const slowSender: EmailSender = {
      send: async (email) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await sender.send(email);
      },
      close: () => undefined,
    };
    await stopping.consume(
      queue,
      emailHandler({ db: database.db, sender: slowSender, directory, logger: silentLogger }),
    );
    await stopping.sendToQueue(queue, message, { messageId: message.id });
    await inSend;
    await stopping.close();
    expect(sent(message.id)).toHaveLength(1);
    const checker = await connectTestBroker(config);
    const channel = await checker.createChannel();
    try {
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueName(queue));
    } finally {
      await channel.close();
      await checker.close();
    }
  });

  it('dead-letters poison messages with the reason after bounded retries', async () => {
    const channel = await broker.createChannel();
    try {
      channel.sendToQueue(emailQueue(), Buffer.from('{not json'), {
        messageId: 'poison-1',
        persistent: true,
      });
      await broker.sendToQueue(
        emailQueue(),
        { id: 'poison-2', type: 'no_such_type' },
        { messageId: 'poison-2' },
      );
      const dead: { id: unknown; reason: unknown }[] = [];
      await eventually(async () => {
        dead.push(...(await takeDeadLetters(channel, emailQueue())));
        expect(dead.map((f) => f.id).sort()).toEqual(['poison-1', 'poison-2']);
      }, 20_000);
      expect(dead.every((d) => typeof d.reason === 'string' && d.reason.length > 0)).toBe(true);
    } finally {
      await channel.close();
    }
  });

  it('delays mail while the SMTP server is down and loses none', async () => {
    await sink.stop();
    const messages = [
      notification('sla_warning'),
      notification('transfer'),
      notification('escalation'),
    ];
    for (const message of messages)
      await broker.sendToQueue(emailQueue(), message, { messageId: message.id });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      await database.db('deliveries').whereIn(
        'message_id',
        messages.map((m) => m.id),
      ),
    ).toHaveLength(0);
    const restarted = await startSmtpSink(SMTP_PORT);
    sink = restarted;
    await eventually(
      () => expect(messages.map((m) => sent(m.id).length)).toEqual([1, 1, 1]),
      40_000,
    );
  }, 60_000);

  describe('in-app', () => {
    const userId = '77';
    let token: string;
    const call = async (method: string, path: string, body?: unknown, auth = token) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return {
        status: response.status,
        body: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>),
      };
    };

    beforeAll(async () => {
      token = await identity.userToken({ id: userId, roles: { tts: ['agent'] } });
    });

    it('stores each message once, lists unread first, marks read, and pushes live', async () => {
      const socket = new WebSocket(
        `${server.url.replace('http', 'ws')}/api/v1/notifications/ws?token=${token}`,
      );
      const pushed: { type: string; notification?: { title: string } }[] = [];
      socket.on('message', (data: Buffer) =>
        pushed.push(JSON.parse(data.toString('utf8')) as { type: string }),
      );
      await eventually(() => expect(pushed[0]?.type).toBe('ready'));

      const messages = [
        notification('assignment', userId),
        notification('escalation', userId),
        notification('task_complete', userId),
      ];
      // "Newest first" is storage order, and the consumer may store concurrent deliveries in
      // any order: send each (twice) only once the one before it is stored.
      for (const [index, message] of messages.entries()) {
        await broker.sendToQueue(inappQueue(), message, { messageId: message.id });
        await broker.sendToQueue(inappQueue(), message, { messageId: message.id });
        await eventually(async () =>
          expect((await call('GET', '/api/v1/notifications')).body.unread).toBe(index + 1),
        );
      }
      // The push follows the stored row, so it may land just after the count above shows it.
      await eventually(() =>
        expect(pushed.filter((p) => p.type === 'notification.created')).toHaveLength(3),
      );

      const listed = await call('GET', '/api/v1/notifications?limit=2');
      const items = listed.body.items as { id: string; read: boolean; title: string }[];
      expect(items.map((i) => i.title)).toEqual([
        'Completed: TX-20261125-000001',
        'Escalated: TX-20261125-000001',
      ]);
      const page2 = await call(
        'GET',
        `/api/v1/notifications?limit=2&cursor=${String(listed.body.nextCursor)}`,
      );
      expect((page2.body.items as unknown[]).length).toBe(1);
      expect(await call('POST', `/api/v1/notifications/${items[1]!.id}/read`)).toEqual({
        status: 204,
        body: {},
      });
      const reordered = await call('GET', '/api/v1/notifications');
      expect((reordered.body.items as { read: boolean }[]).map((i) => i.read)).toEqual([
        false,
        false,
        true,
      ]);
      expect((await call('POST', '/api/v1/notifications/read-all')).body).toEqual({ marked: 2 });
      expect((await call('GET', '/api/v1/notifications/unread-count')).body).toEqual({ unread: 0 });
      socket.close();
    });

    it('takes the original’s create, bulk_create and mark_read once each; malformed ones go to the dead-letter queue at once', async () => {
      const rowsOf = (user: string) =>
        database
          .db('inapp_notifications')
          .where({ user_id: user })
          .orderBy('id')
          .select<
            { id: string; type: string; title: string; data: unknown; read_at: Date | null }[]
          >('id', 'type', 'title', 'data', 'read_at');
      const send = (payload: unknown, id: string = randomUUID()) =>
        broker.sendToQueue(inappQueue(), payload, { messageId: id });
      const create = {
        action: 'create',
        id: randomUUID(),
        user_id: 90,
        subject: 'New Step Assigned: Triage',
        message: 'You have been assigned to the step Triage.',
        notification_type: 'task_assignment',
        related_ticket_number: 'TX-20261125-000009',
        metadata: { role_name: 'IT Support' },
      };
      const bulk = {
        action: 'bulk_create',
        id: randomUUID(),
        notifications: [
          { user_id: '90', subject: 'Maintenance', message: 'Tonight 22:00.' },
          { user_id: '91', subject: 'Maintenance', message: 'Tonight 22:00.' },
        ],
      };
      for (const message of [create, create, bulk, bulk]) await send(message, message.id);
      await eventually(async () => {
        expect(await rowsOf('90')).toHaveLength(2);
        expect(await rowsOf('91')).toHaveLength(1);
      });
      const [assigned, maintenance] = await rowsOf('90');
      expect(assigned).toMatchObject({
        type: 'task_assignment',
        title: 'New Step Assigned: Triage',
        data: { role_name: 'IT Support', ticketNumber: 'TX-20261125-000009' },
      });
      expect(maintenance).toMatchObject({ type: 'system', title: 'Maintenance' });

      const socket = new WebSocket(
        `${server.url.replace('http', 'ws')}/api/v1/notifications/ws?token=${await identity.userToken({ id: '90', roles: { tts: ['agent'] } })}`,
      );
      const pushed: { type: string; id?: string }[] = [];
      socket.on('message', (data: Buffer) =>
        pushed.push(JSON.parse(data.toString('utf8')) as { type: string }),
      );
      await eventually(() => expect(pushed[0]?.type).toBe('ready'));
      const markRead = { action: 'mark_read', id: randomUUID(), notification_id: assigned!.id };
      await send(markRead, markRead.id);
      await send(markRead, markRead.id);
      await eventually(async () => expect((await rowsOf('90'))[0]!.read_at).not.toBeNull());
      await eventually(() =>
        expect(pushed.filter((p) => p.type === 'notification.read')).toEqual([
          { type: 'notification.read', id: assigned!.id },
          { type: 'notification.read', id: assigned!.id },
        ]),
      );
      socket.close();
      const foreign = {
        action: 'mark_read',
        id: 'foreign',
        notification_id: maintenance!.id,
        user_id: '91',
      };

      const channel = await broker.createChannel();
      try {
        channel.sendToQueue(inappQueue(), Buffer.from('[1,2]'), {
          messageId: 'array',
          persistent: true,
        });
        await send({ action: 'explode', id: 'explode' }, 'explode');
        await send({ action: 'create', id: 'half', user_id: 90 }, 'half');
        await send({ ...create, id: 'nul', subject: 'a\u0000b' }, 'nul');
        await send({ ...create, id: 'surrogate', message: '\ud800' }, 'surrogate');
        await send({ action: 'bulk_create', id: 'empty', notifications: [] }, 'empty');
        await send(foreign, foreign.id);
        const after = { ...create, id: randomUUID(), subject: 'Still consuming' };
        await send(after, after.id);
        await eventually(async () =>
          expect((await rowsOf('90')).map((r) => r.title)).toContain('Still consuming'),
        );
        const dead: { id: unknown; reason: unknown }[] = [];
        await eventually(async () => {
          dead.push(...(await takeDeadLetters(channel, inappQueue())));
          expect(dead.map((d) => d.id).sort()).toEqual(
            ['array', 'empty', 'explode', 'foreign', 'half', 'nul', 'surrogate'].sort(),
          );
        }, 20_000);
        const reasons = new Map(dead.map((d) => [d.id, String(d.reason)]));
        expect(reasons.get('half')).toContain('subject');
        expect(reasons.get('nul')).toContain('subject');
        expect(reasons.get('foreign')).toContain('no notification');
        expect((await rowsOf('91'))[0]!.read_at).toBeNull();
      } finally {
        await channel.close();
      }
      expect(await rowsOf('90')).toHaveLength(3);
    }, 40_000);

    it('answers bad input and foreign ids with clear 4xx', async () => {
      const other = await identity.userToken({ id: '78', roles: { tts: ['agent'] } });
      const own = notification('assignment', userId);
      await broker.sendToQueue(inappQueue(), own, { messageId: own.id });
      const mine = await eventually(async () => {
        const items = (await call('GET', '/api/v1/notifications?unread=true')).body.items as {
          id: string;
        }[];
        expect(items.length).toBeGreaterThan(0);
        return items;
      });
      expect(
        (await call('POST', `/api/v1/notifications/${mine[0]!.id}/read`, undefined, other)).status,
      ).toBe(404);
      expect((await call('GET', '/api/v1/notifications?limit=0')).body.error).toMatchObject({
        field: 'query.limit',
      });
      expect((await call('GET', '/api/v1/notifications?cursor=zzz')).status).toBe(400);
      expect((await call('POST', '/api/v1/notifications/abc/read')).status).toBe(422);
      expect(
        (await call('POST', '/internal/v1/notifications', { channel: 'inapp', messages: [] }))
          .status,
      ).toBe(403);
      const service = await identity.serviceToken();
      const bad = await call(
        'POST',
        '/internal/v1/notifications',
        { channel: 'fax', messages: [] },
        service,
      );
      expect(bad).toMatchObject({ status: 422, body: { error: { field: 'body.channel' } } });
      const queued = await call(
        'POST',
        '/internal/v1/notifications',
        {
          channel: 'inapp',
          messages: [{ ...notification('comment_mention', userId), createdAt: undefined }],
        },
        service,
      );
      expect(queued).toEqual({ status: 202, body: { queued: 1 } });
      await eventually(async () =>
        expect((await call('GET', '/api/v1/notifications/unread-count')).body).toEqual({
          unread: mine.length + 1,
        }),
      );
    });
  });
});
