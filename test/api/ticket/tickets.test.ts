import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createTicketApp } from '../../../api/ticket/app';
import { MediaStore } from '../../../api/shared/media/mediaStore';
import { WorkflowStartRelay } from '../../../api/ticket/workflowStarts';
import { startHttpServer, type RunningServer } from '../../../api/shared/http/server';
import {
  connectTestClient,
  createTestDatabase,
  eventually,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../../support/platform';
import { createTestIdentity, type TestIdentity } from '../../support/tokens';
import { ticketWorkflowId } from '../../../domain/tickets';

const config = testConfig();
const MAX_BYTES = 64 * 1024;

interface Started {
  server: RunningServer;
  relay: WorkflowStartRelay;
}

describe('ticket API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let identity: TestIdentity;
  let main: Started;
  const tokens: Record<string, string> = {};

  async function startApp(client: Client): Promise<Started> {
    const relay = new WorkflowStartRelay(
      database.db,
      client,
      config.temporal.taskQueue,
      silentLogger,
      60_000,
    );
    const app = createTicketApp({
      logger: silentLogger,
      db: database.db,
      temporal: client,
      verifier: identity.verifier,
      media: new MediaStore(mkdtempSync(path.join(os.tmpdir(), 'media-'))),
      relay,
      maxAttachmentBytes: MAX_BYTES,
      numberPrefix: config.tickets.numberPrefix,
    });
    return { server: await startHttpServer(app, 0), relay };
  }

  async function call(
    who: string | null,
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
    on: Started = main,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${on.server.url}${route}`, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body !== undefined && !(body instanceof FormData)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      ...(body instanceof FormData
        ? { body }
        : body !== undefined
          ? { body: JSON.stringify(body) }
          : {}),
    });
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes('json') ? ((await response.json()) as Record<string, unknown>) : {},
    };
  }

  const newTicket = (overrides: Record<string, unknown> = {}) => ({
    subject: 'VPN drops every hour',
    description: 'Since Monday the VPN disconnects at :00',
    priority: 'high',
    department: 'IT',
    category: 'Support',
    ...overrides,
  });
  const ticketOf = (body: Record<string, unknown>) =>
    body.ticket as {
      number: string;
      status: string;
      attachments: { id: string; sha256: string }[];
    };

  beforeAll(async () => {
    database = await createTestDatabase(config, 'ticket');
    temporal = await connectTestClient(config);
    identity = await createTestIdentity();
    main = await startApp(temporal);
    tokens.alice = await identity.userToken({ id: '501', roles: { tts: ['requester'] } });
    tokens.bob = await identity.userToken({ id: '502', roles: { tts: ['requester'] } });
    tokens.agent = await identity.userToken({ id: '101', roles: { tts: ['agent', 'IT Support'] } });
    tokens.service = await identity.serviceToken();
  });

  afterAll(async () => {
    await main.relay.stop();
    await main.server.stop();
    const ids = await database
      .db('workflow_start_outbox')
      .whereNotNull('started_at')
      .select<{ workflow_id: string }[]>('workflow_id');
    for (const id of ids.map((r) => r.workflow_id)) {
      await temporal.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    await temporal.connection.close();
    await database.drop();
  });

  it('accepts a ticket, numbers it TX-<date>-<seq>, and starts its workflow once', async () => {
    const subject = 'VPN *drops* every [hour]';
    const created = await call('alice', 'POST', '/api/v1/tickets', newTicket({ subject }));
    expect(created.status).toBe(201);
    const ticket = ticketOf(created.body);
    expect(ticket).toMatchObject({
      status: 'new',
      number: expect.stringMatching(
        new RegExp(`^${config.tickets.numberPrefix}-\\d{8}-\\d{6}$`),
      ) as unknown,
    });
    expect(created.body.workflowId).toBe(`ticket-${ticket.number}`);
    await main.relay.flush();
    const description = await temporal.workflow.getHandle(`ticket-${ticket.number}`).describe();
    expect(description).toMatchObject({
      type: 'ticketLifecycle',
      taskQueue: config.temporal.taskQueue,
    });
    expect(description.searchAttributes).toMatchObject({
      TicketNumber: [ticket.number],
      TicketStatus: ['new'],
      Priority: ['high'],
    });
    expect(await description.staticSummary()).toBe(
      `${ticket.number} · high · VPN \\*drops\\* every \\[hour\\]`,
    );
    expect(await description.staticDetails()).toMatch(/\*\*Requester\*\* user \S+/);
    expect(await main.relay.flush()).toBe(0);
  });

  it('is idempotent per Idempotency-Key: 201, then 200 with the same ticket, 409 for another body', async () => {
    const key = { 'idempotency-key': 'alice-form-1' };
    const first = await call('alice', 'POST', '/api/v1/tickets', newTicket(), key);
    const again = await call('alice', 'POST', '/api/v1/tickets', newTicket(), key);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(ticketOf(again.body).number).toBe(ticketOf(first.body).number);
    const other = await call(
      'alice',
      'POST',
      '/api/v1/tickets',
      newTicket({ subject: 'Something else' }),
      key,
    );
    expect(other).toMatchObject({ status: 409, body: { error: { field: 'Idempotency-Key' } } });
    const bobsOwn = await call('bob', 'POST', '/api/v1/tickets', newTicket(), key);
    expect(bobsOwn.status).toBe(201);
    expect(ticketOf(bobsOwn.body).number).not.toBe(ticketOf(first.body).number);
    const byReference = await call(
      'alice',
      'POST',
      '/api/v1/tickets',
      newTicket({ clientReference: 'form-42' }),
    );
    const byReferenceAgain = await call(
      'alice',
      'POST',
      '/api/v1/tickets',
      newTicket({ clientReference: 'form-42' }),
    );
    expect(ticketOf(byReferenceAgain.body).number).toBe(ticketOf(byReference.body).number);
  });

  it('creates one ticket from ten concurrent identical requests', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('bob', 'POST', '/api/v1/tickets', newTicket({ subject: 'Race' }), {
          'idempotency-key': 'bob-race',
        }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(responses.map((r) => ticketOf(r.body).number)).size).toBe(1);
    expect(await database.db('tickets').where({ idempotency_key: 'bob-race' })).toHaveLength(1);
    expect(
      await database
        .db('workflow_start_outbox')
        .where({ workflow_id: `ticket-${ticketOf(responses[0]!.body).number}` }),
    ).toHaveLength(1);
  });

  it('stores attachments with checksums and serves them back; refuses bad files and stores nothing', async () => {
    const form = new FormData();
    for (const [field, value] of Object.entries(newTicket({ subject: 'Screenshot attached' })))
      form.append(field, String(value));
    form.append('attachments', new Blob(['hello log line\n'], { type: 'text/plain' }), 'vpn.log');
    const created = await call('alice', 'POST', '/api/v1/tickets', form);
    expect(created.status).toBe(201);
    const ticket = ticketOf(created.body);
    expect(ticket.attachments).toEqual([
      expect.objectContaining({
        filename: 'vpn.log',
        contentType: 'text/plain',
        sizeBytes: 15,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      }),
    ]);
    const download = await fetch(
      `${main.server.url}/api/v1/tickets/${ticket.number}/attachments/${ticket.attachments[0]!.id}`,
      {
        headers: { authorization: `Bearer ${tokens.alice}` },
      },
    );
    expect(await download.text()).toBe('hello log line\n');
    expect(download.headers.get('x-content-sha256')).toBe(ticket.attachments[0]!.sha256);
    expect(
      (
        await call(
          'bob',
          'GET',
          `/api/v1/tickets/${ticket.number}/attachments/${ticket.attachments[0]!.id}`,
        )
      ).status,
    ).toBe(404);

    const before = (await database.db('tickets').count<{ count: string }[]>('* as count'))[0]!
      .count;
    const badType = new FormData();
    for (const [field, value] of Object.entries(newTicket())) badType.append(field, String(value));
    badType.append(
      'attachments',
      new Blob(['MZ'], { type: 'application/x-msdownload' }),
      'setup.exe',
    );
    expect(await call('alice', 'POST', '/api/v1/tickets', badType)).toMatchObject({
      status: 422,
      body: { error: { field: 'attachments.0' } },
    });
    const tooBig = new FormData();
    for (const [field, value] of Object.entries(newTicket())) tooBig.append(field, String(value));
    tooBig.append(
      'attachments',
      new Blob([Buffer.alloc(MAX_BYTES + 10)], { type: 'text/plain' }),
      'big.txt',
    );
    expect(await call('alice', 'POST', '/api/v1/tickets', tooBig)).toMatchObject({
      status: 413,
      body: { error: { field: 'attachments' } },
    });
    expect((await database.db('tickets').count<{ count: string }[]>('* as count'))[0]!.count).toBe(
      before,
    );
  });

  it('loses no ticket while Temporal is unreachable: they start once it is back', async () => {
    const down = new Client({
      connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 }),
      namespace: config.temporal.namespace,
    });
    const isolated = await startApp(down);
    try {
      const accepted = await Promise.all(
        [1, 2].map((i) =>
          call(
            'alice',
            'POST',
            '/api/v1/tickets',
            newTicket({ subject: `While down ${i}` }),
            {},
            isolated,
          ),
        ),
      );
      expect(accepted.map((r) => r.status)).toEqual([201, 201]);
      const numbers = accepted.map((r) => ticketOf(r.body).number);
      await eventually(async () => {
        const pending = await database.db('workflow_start_outbox').whereIn(
          'workflow_id',
          numbers.map((n) => `ticket-${n}`),
        );
        expect(
          pending.map((row: { started_at: Date | null; attempts: number }) => [
            row.started_at,
            row.attempts >= 1,
          ]),
        ).toEqual([
          [null, true],
          [null, true],
        ]);
      }, 30_000);
      await isolated.relay.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const recovered = new WorkflowStartRelay(
        database.db,
        temporal,
        config.temporal.taskQueue,
        silentLogger,
        60_000,
      );
      await eventually(async () => {
        await recovered.flush();
        for (const number of numbers) {
          expect((await temporal.workflow.getHandle(`ticket-${number}`).describe()).type).toBe(
            'ticketLifecycle',
          );
        }
      }, 30_000);
    } finally {
      await isolated.relay.stop();
      await isolated.server.stop();
    }
  }, 90_000);

  it('lists with filters and keyset pages; requesters see only their own tickets', async () => {
    for (const priority of ['low', 'medium', 'critical', 'low', 'medium']) {
      await call(
        'bob',
        'POST',
        '/api/v1/tickets',
        newTicket({ priority, subject: `Keyboard ${priority}`, description: 'keys stick' }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        'bob',
        'GET',
        `/api/v1/tickets?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...(page.body.items as { number: string }[]).map((t) => t.number));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    const bobs = (await database
      .db('tickets')
      .where({ requester_id: '502' })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])) as { number: string }[];
    expect(seen).toEqual(bobs.map((t) => t.number));

    const critical = await call('agent', 'GET', '/api/v1/tickets?priority=critical&requester=502');
    expect((critical.body.items as unknown[]).length).toBe(1);
    const search = await call(
      'agent',
      'GET',
      `/api/v1/tickets?q=${encodeURIComponent('keys stick')}`,
    );
    expect(
      (search.body.items as { requesterId: string }[]).every((t) => t.requesterId === '502'),
    ).toBe(true);
    expect((search.body.items as unknown[]).length).toBe(5);
    const alicesView = await call('alice', 'GET', '/api/v1/tickets?limit=100');
    expect(
      (alicesView.body.items as { requesterId: string }[]).every((t) => t.requesterId === '501'),
    ).toBe(true);
    expect((await call('alice', 'GET', '/api/v1/tickets?requester=502')).status).toBe(403);
    expect((await call('alice', 'GET', `/api/v1/tickets/${bobs[0]!.number}`)).status).toBe(404);
  });

  it('lets requesters edit their open tickets; status and priority belong to the workflow', async () => {
    const number = ticketOf(
      (await call('alice', 'POST', '/api/v1/tickets', newTicket())).body,
    ).number;
    const path = `/api/v1/tickets/${number}`;
    expect(
      await call('alice', 'PATCH', path, { subject: 'VPN drops every 30 minutes' }),
    ).toMatchObject({ status: 200, body: { subject: 'VPN drops every 30 minutes' } });
    expect((await call('bob', 'PATCH', path, { subject: 'mine now' })).status).toBe(404);
    expect(await call('alice', 'PATCH', path, { status: 'closed' })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.status' } },
    });
    expect(await call('alice', 'PATCH', path, { priority: 'critical' })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.priority' } },
    });
    expect(await call('alice', 'PATCH', path, { department: 'HR' })).toMatchObject({
      status: 403,
      body: { error: { field: 'body.department' } },
    });
    expect(await call('alice', 'PATCH', path, { colour: 'red' })).toMatchObject({ status: 422 });
    expect((await call('agent', 'PATCH', path, { category: 'Network' })).body).toMatchObject({
      category: 'Network',
    });
    await call('service', 'POST', `/internal/v1/tickets/${number}/events`, {
      eventKey: `close-${number}`,
      type: 'closed',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system' },
      status: 'resolved',
    });
    expect((await call('alice', 'PATCH', path, { subject: 'too late' })).status).toBe(409);
  });

  it('records lifecycle events once per key and keeps the ticket row current', async () => {
    const number = ticketOf(
      (await call('alice', 'POST', '/api/v1/tickets', newTicket())).body,
    ).number;
    const event = {
      eventKey: `ticket-${number}:e1`,
      type: 'assigned',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system' },
      status: 'open',
      assigneeId: '101',
      assignedRole: 'IT Support',
      slaDeadline: new Date(Date.now() + 3_600_000).toISOString(),
      slaBreached: false,
      details: { origin: 'system' },
    };
    const route = `/internal/v1/tickets/${number}/events`;
    expect((await call('service', 'POST', route, event)).status).toBe(201);
    expect((await call('service', 'POST', route, event)).status).toBe(200);
    expect((await call('agent', 'POST', route, event)).status).toBe(403);
    expect(await call('service', 'POST', route, { ...event, type: 'exploded' })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.type' } },
    });
    expect(
      (
        await call('service', 'POST', '/internal/v1/tickets/TX-00000000-999999/events', {
          ...event,
          eventKey: 'x',
        })
      ).status,
    ).toBe(404);

    const ticket = await call('agent', 'GET', `/api/v1/tickets/${number}`);
    expect(ticket.body).toMatchObject({
      status: 'open',
      assigneeId: '101',
      assignedRole: 'IT Support',
      slaBreached: false,
    });
    const history = await call('alice', 'GET', `/api/v1/tickets/${number}/history`);
    expect(
      (history.body.items as { type: string; actor: { kind: string } }[]).map((h) => [
        h.type,
        h.actor.kind,
      ]),
    ).toEqual([
      ['created', 'user'],
      ['assigned', 'system'],
    ]);
  });

  it('records a batch of events in order in one transaction, once per key; a bad batch adds nothing', async () => {
    const number = ticketOf(
      (await call('alice', 'POST', '/api/v1/tickets', newTicket())).body,
    ).number;
    const at = new Date().toISOString();
    const event = (n: number, type: string, status: string) => ({
      eventKey: `ticket-${number}:b${n}`,
      type,
      occurredAt: at,
      actor: { kind: 'system' },
      status,
    });
    const route = `/internal/v1/tickets/${number}/events/batch`;
    const bad = await call('service', 'POST', route, {
      events: [event(1, 'routed', 'new'), { ...event(2, 'assigned', 'open'), type: 'exploded' }],
    });
    expect(bad).toMatchObject({ status: 422, body: { error: { field: 'body.events.1.type' } } });
    expect((await call('service', 'POST', route, { events: [] })).status).toBe(422);
    const batch = { events: [event(1, 'routed', 'new'), event(2, 'assigned', 'open')] };
    const first = await call('service', 'POST', route, batch);
    expect(first.status).toBe(200);
    expect(
      (
        first.body.events as {
          type: string;
          fromStatus: string;
          toStatus: string;
          created: boolean;
        }[]
      ).map((e) => [e.type, e.fromStatus, e.toStatus, e.created]),
    ).toEqual([
      ['routed', 'new', 'new', true],
      ['assigned', 'new', 'open', true],
    ]);
    const again = await call('service', 'POST', route, {
      events: [...batch.events, event(3, 'status_changed', 'in_progress')],
    });
    expect((again.body.events as { created: boolean }[]).map((e) => e.created)).toEqual([
      false,
      false,
      true,
    ]);
    const history = await call('agent', 'GET', `/api/v1/tickets/${number}/history`);
    expect((history.body.items as { type: string }[]).map((h) => h.type)).toEqual([
      'created',
      'routed',
      'assigned',
      'status_changed',
    ]);
    expect((await call('agent', 'GET', `/api/v1/tickets/${number}`)).body).toMatchObject({
      status: 'in_progress',
    });
  });

  it("keeps staff-only text out of the requester's history", async () => {
    const number = ticketOf(
      (await call('alice', 'POST', '/api/v1/tickets', newTicket())).body,
    ).number;
    const secret = 'SECRET staff-only text';
    const events = [
      ['routed', 'system', { definition: 'internal-def', version: 3 }],
      ['transferred', 'user', { origin: 'transferred', notes: secret }],
      ['status_changed', 'user', { action: 'hold', reason: secret }],
      ['override', 'user', { action: 'escalate', reason: secret }],
      ['comment_failed', 'system', { body: secret }],
      ['sla_breached', 'system', {}],
      ['priority_changed', 'user', { from: 'medium', to: 'high' }],
    ] as const;
    for (const [index, [type, kind, details]] of events.entries()) {
      const answer = await call('service', 'POST', `/internal/v1/tickets/${number}/events`, {
        eventKey: `ticket-${number}:staff-${index}`,
        type,
        occurredAt: new Date(Date.now() + index).toISOString(),
        actor: kind === 'user' ? { kind, id: '101' } : { kind },
        details,
      });
      expect(answer.status).toBe(201);
    }
    const history = (who: 'alice' | 'agent') =>
      call(who, 'GET', `/api/v1/tickets/${number}/history`).then(
        (answer) =>
          answer.body.items as { type: string; actor: { id: string | null }; details: unknown }[],
      );
    const staffView = await history('agent');
    expect(JSON.stringify(staffView)).toContain(secret);
    expect(staffView.map((e) => e.type)).toContain('comment_failed');

    const requesterView = await history('alice');
    expect(JSON.stringify(requesterView)).not.toContain(secret);
    expect(JSON.stringify(requesterView)).not.toContain('internal-def');
    expect(requesterView.map((e) => [e.type, e.details])).toEqual([
      ['created', {}],
      ['transferred', {}],
      ['status_changed', { action: 'hold' }],
      ['override', { action: 'escalate' }],
      ['priority_changed', { from: 'medium', to: 'high' }],
    ]);
    expect(requesterView.every((e) => e.actor.id === null)).toBe(true);
  });

  it('counts a staff edit as the first response, and the requester’s own edit not', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    const { number } = ticketOf((await call('bob', 'POST', '/api/v1/tickets', newTicket())).body);
    const median = async () =>
      (await call('agent', 'GET', `/api/v1/tickets/stats?createdFrom=${since}`)).body
        .medianFirstResponseSeconds as number | null;
    expect(
      (await call('bob', 'PATCH', `/api/v1/tickets/${number}`, { subject: 'Mine, edited' })).status,
    ).toBe(200);
    const firstResponses = async () =>
      Number(
        (
          await database
            .db('ticket_daily_stats')
            .where({ metric: 'first_response' })
            .first<{ n: string | null }>(database.db.raw('sum(value) as n'))
        )?.n ?? 0,
      );
    expect(await median()).toBeNull();
    const before = await firstResponses();
    for (const category of ['Hardware', 'Network']) {
      const edit = await call('agent', 'PATCH', `/api/v1/tickets/${number}`, { category });
      expect(edit.status).toBe(200);
    }
    expect(await median()).toEqual(expect.any(Number));
    expect(await firstResponses()).toBe(before + 1);
  });

  it('gives staff the dashboard figures: open by status and priority, breach rate, medians', async () => {
    const since = new Date().toISOString();
    const numbers: string[] = [];
    for (const priority of ['low', 'critical', 'critical']) {
      numbers.push(
        ticketOf((await call('bob', 'POST', '/api/v1/tickets', newTicket({ priority }))).body)
          .number,
      );
    }
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const record = (number: string, key: string, event: Record<string, unknown>) =>
      call('service', 'POST', `/internal/v1/tickets/${number}/events`, {
        eventKey: `${number}:${key}`,
        occurredAt: at(0),
        ...event,
      });
    await record(numbers[0]!, 'a', { type: 'assigned', actor: { kind: 'system' }, status: 'open' });
    await record(numbers[1]!, 'b', {
      type: 'status_changed',
      actor: { kind: 'user', id: '101' },
      status: 'resolved',
      occurredAt: at(60_000),
    });
    await record(numbers[2]!, 'c', {
      type: 'sla_breached',
      actor: { kind: 'system' },
      slaBreached: true,
    });
    const stats = await call('agent', 'GET', `/api/v1/tickets/stats?createdFrom=${since}`);
    expect(stats).toMatchObject({
      status: 200,
      body: {
        total: 3,
        open: { byStatus: { open: 1, new: 1 }, byPriority: { low: 1, critical: 1 } },
        slaBreachRate: 0.333,
      },
    });
    expect(stats.body.medianFirstResponseSeconds).toBeGreaterThanOrEqual(59);
    expect(stats.body.medianResolutionSeconds).toEqual(expect.any(Number));
    expect((await call('bob', 'GET', '/api/v1/tickets/stats')).status).toBe(403);
    expect(
      (await call('agent', 'GET', '/api/v1/tickets/stats?createdFrom=someday')).body,
    ).toMatchObject({ error: { field: 'query.createdFrom' } });
  });

  /** Moves a ticket's status as its workflow would (the events route the lifecycle calls). */
  const moveTo = (number: string, status: string, extra: Record<string, unknown> = {}) =>
    call('service', 'POST', `/internal/v1/tickets/${number}/events`, {
      eventKey: `${number}:${status}:${Math.random()}`,
      type: 'closed',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system' },
      status,
      ...extra,
    });

  it('lets the requester rate their resolved ticket good or bad with a comment; staff see it on the dashboard', async () => {
    const since = new Date().toISOString();
    const number = ticketOf(
      (await call('alice', 'POST', '/api/v1/tickets', newTicket())).body,
    ).number;
    const rate = (who: string, body: unknown) =>
      call(who, 'PUT', `/api/v1/tickets/${number}/satisfaction`, body);
    expect(await rate('alice', { rating: 'good' })).toMatchObject({
      status: 409,
      body: { error: { field: 'status' } },
    });

    const reopenUntil = new Date(Date.now() + 3_600_000).toISOString();
    expect((await moveTo(number, 'resolved', { reopenUntil })).status).toBe(201);
    expect((await call('alice', 'GET', `/api/v1/tickets/${number}`)).body).toMatchObject({
      status: 'resolved',
      reopenUntil,
      resolvedAt: expect.any(String) as unknown,
      satisfaction: null,
    });
    expect((await rate('bob', { rating: 'good' })).status).toBe(404);
    expect(await rate('agent', { rating: 'good' })).toMatchObject({
      status: 403,
      body: { error: { field: 'authorization' } },
    });
    expect(await rate('alice', { rating: 'meh' })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.rating' } },
    });
    expect(await rate('alice', { rating: 'bad', comment: 'x'.repeat(2001) })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.comment' } },
    });
    expect(await rate('alice', { rating: 'bad', comment: 'Took a week' })).toMatchObject({
      status: 200,
      body: { satisfaction: { rating: 'bad', comment: 'Took a week' } },
    });
    // The same rating again changes nothing; another replaces it.
    await rate('alice', { rating: 'bad', comment: 'Took a week' });
    await rate('alice', { rating: 'good', comment: 'Fixed after all' });

    // Closed after its window: still the requester's to rate; its resolution still counts.
    expect((await moveTo(number, 'closed', { reopenUntil: null })).status).toBe(201);
    expect((await rate('alice', { rating: 'good' })).status).toBe(200);
    const ticket = (await call('alice', 'GET', `/api/v1/tickets/${number}`)).body;
    expect(ticket).toMatchObject({
      status: 'closed',
      reopenUntil: null,
      resolvedAt: expect.any(String) as unknown,
      satisfaction: { rating: 'good', comment: null },
    });
    const history = (await call('alice', 'GET', `/api/v1/tickets/${number}/history`)).body
      .items as { type: string; details: unknown }[];
    expect(history.filter((e) => e.type === 'satisfaction_rated').map((e) => e.details)).toEqual([
      { rating: 'bad' },
      { rating: 'good' },
      { rating: 'good' },
    ]);

    const stats = await call('agent', 'GET', `/api/v1/tickets/stats?createdFrom=${since}`);
    expect(stats.body).toMatchObject({
      satisfaction: { good: 1, bad: 0, score: 1 },
      medianResolutionSeconds: expect.any(Number) as unknown,
    });
    const ratings = await call('agent', 'GET', '/api/v1/tickets/satisfaction?limit=1');
    expect(ratings.body.items).toEqual([
      expect.objectContaining({ ticketNumber: number, rating: 'good', comment: null }),
    ]);
    expect((await call('agent', 'GET', '/api/v1/tickets/satisfaction?rating=bad')).status).toBe(
      200,
    );
    expect((await call('alice', 'GET', '/api/v1/tickets/satisfaction')).status).toBe(403);
    expect(
      (await call('agent', 'GET', '/api/v1/tickets/satisfaction?rating=meh')).body,
    ).toMatchObject({ error: { field: 'query.rating' } });
  });

  it('reopens only resolved tickets, and admits no comment on a closed one', async () => {
    const created = ticketOf((await call('alice', 'POST', '/api/v1/tickets', newTicket())).body);
    const number = created.number;
    const reopen = (who: string, body: unknown = {}) =>
      call(who, 'POST', `/api/v1/tickets/${number}/reopen`, body);
    const admit = (authorId: string, internal = false) =>
      call('service', 'POST', `/internal/v1/tickets/${number}/comment-admissions`, {
        authorId,
        internal,
      });

    expect(await reopen('alice')).toMatchObject({
      status: 409,
      body: {
        error: { field: 'status', message: expect.stringContaining('only a resolved') as unknown },
      },
    });
    expect(await admit('501')).toMatchObject({
      status: 200,
      body: { status: 'new', reopened: false },
    });
    expect((await reopen('bob')).status).toBe(404);

    // Why staff reopened a ticket is theirs: its requester sees only that it was reopened.
    await moveTo(number, 'open', {
      type: 'reopened',
      actor: { kind: 'user', id: '101' },
      details: { via: 'staff', reason: 'vendor called: secret-4711' },
    });
    const historyOf = async (who: string) =>
      (await call(who, 'GET', `/api/v1/tickets/${number}/history`)).body.items as {
        type: string;
        details: Record<string, unknown>;
      }[];
    expect((await historyOf('alice')).find((e) => e.type === 'reopened')?.details).toEqual({
      via: 'staff',
    });
    expect(JSON.stringify(await historyOf('alice'))).not.toContain('secret-4711');
    expect(JSON.stringify(await historyOf('agent'))).toContain('secret-4711');
    expect(await reopen('alice', { reason: 7 })).toMatchObject({
      status: 422,
      body: { error: { field: 'body.reason' } },
    });
    expect(await reopen('alice', { status: 'open' })).toMatchObject({ status: 422 });
    expect(
      await call('service', 'POST', `/internal/v1/tickets/${number}/comment-admissions`, {
        internal: false,
      }),
    ).toMatchObject({ status: 422, body: { error: { field: 'body.authorId' } } });

    // Resolved, but its workflow has ended (resolved before reopen windows, or just closed):
    // the workflow cannot take it back, so a reopen and the requester's reply are refused.
    await eventually(() => temporal.workflow.getHandle(ticketWorkflowId(number)).terminate());
    await moveTo(number, 'resolved');
    expect(await reopen('alice')).toMatchObject({
      status: 409,
      body: {
        error: { field: 'status', message: expect.stringContaining('no longer') as unknown },
      },
    });
    expect(await admit('501')).toMatchObject({ status: 409, body: { error: { field: 'status' } } });
    expect(await admit('101')).toMatchObject({ status: 200, body: { reopened: false } });

    for (const status of ['closed', 'cancelled']) {
      await moveTo(number, status);
      for (const [author, internal] of [
        ['501', false],
        ['101', true],
      ] as const) {
        expect(await admit(author, internal)).toMatchObject({
          status: 409,
          body: { error: { field: 'status', message: expect.stringContaining(status) as unknown } },
        });
      }
      expect(await reopen('agent')).toMatchObject({
        status: 409,
        body: {
          error: {
            field: 'status',
            message: expect.stringContaining('file a new ticket') as unknown,
          },
        },
      });
    }
  });

  it.each([
    ['POST', '/api/v1/tickets', 422, 'body.subject', newTicket({ subject: '' })],
    ['POST', '/api/v1/tickets', 422, 'body.priority', newTicket({ priority: 'urgent' })],
    ['POST', '/api/v1/tickets', 422, 'body.requester', newTicket({ requester: { id: '9' } })],
    ['GET', '/api/v1/tickets?limit=0', 422, 'query.limit', undefined],
    ['GET', '/api/v1/tickets?createdFrom=yesterday', 422, 'query.createdFrom', undefined],
    ['GET', '/api/v1/tickets?cursor=bm9wZQ', 400, 'query.cursor', undefined],
    ['GET', '/api/v1/tickets/TX-00000000-999999', 404, 'id', undefined],
    ['GET', '/api/v1/tickets/bad%20id', 422, 'params.id', undefined],
  ])('%s %s → %i naming %s', async (method, route, status, field, body) => {
    expect(await call('alice', method, route, body)).toMatchObject({
      status,
      body: { error: { field } },
    });
  });

  it('requires a token, and service intake must name the requester', async () => {
    expect((await call(null, 'GET', '/api/v1/tickets')).status).toBe(401);
    expect(await call('service', 'POST', '/api/v1/tickets', newTicket())).toMatchObject({
      status: 422,
      body: { error: { field: 'body.requester' } },
    });
    const intake = await call(
      'service',
      'POST',
      '/api/v1/tickets',
      newTicket({ requester: { id: '777' } }),
    );
    expect(intake.status).toBe(201);
    expect(ticketOf(intake.body)).toMatchObject({ requesterId: '777' });
  });
});
