import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createTicketApp } from '../../api/ticket/app';
import { createWorkflowApp } from '../../api/workflow/app';
import type { Broker } from '../../infra/amqp/broker';
import { MediaStore } from '../../api/shared/media/mediaStore';
import { WorkflowStartRelay } from '../../api/ticket/workflowStarts';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import {
  connectTestBroker,
  connectTestClient,
  deleteTestTopology,
  createTestDatabase,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../support/platform';
import { createTestIdentity } from '../support/tokens';
import { startAuthTestService, type AuthTestService } from '../support/authService';

const config = testConfig();
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Issue 12: hostile input gets a 4xx with a JSON body naming the field, never a 500. */
describe('hostile input at the HTTP edge', () => {
  let database: TestDatabase;
  let temporal: Client;
  let relay: WorkflowStartRelay;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase(config, 'ticket');
    temporal = await connectTestClient(config);
    const identity = await createTestIdentity();
    relay = new WorkflowStartRelay(
      database.db,
      temporal,
      config.temporal.taskQueue,
      silentLogger,
      60_000,
    );
    // The default media root is a dot-folder (.data/media): downloads must work under one.
    const mediaRoot = path.join(mkdtempSync(path.join(os.tmpdir(), 'hostile-')), '.data', 'media');
    mkdirSync(mediaRoot, { recursive: true });
    const app = createTicketApp({
      logger: silentLogger,
      db: database.db,
      temporal,
      verifier: identity.verifier,
      media: new MediaStore(mediaRoot),
      relay,
      maxAttachmentBytes: 64 * 1024,
      numberPrefix: config.tickets.numberPrefix,
    });
    server = await startHttpServer(app, 0);
    token = await identity.userToken({ id: '501', roles: { tts: ['requester'] } });
  });

  afterAll(async () => {
    await relay.stop();
    await server.stop();
    await temporal.connection.close();
    await database.drop();
  });

  async function send(
    method: string,
    route: string,
    init: { body?: RequestInit['body']; headers?: Record<string, string> } = {},
  ): Promise<{
    status: number;
    body: { error?: { code: string; field?: string } };
    headers: Headers;
  }> {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: response.headers.get('content-type')?.includes('json')
        ? (JSON.parse(text) as { error?: { code: string; field?: string } })
        : {},
    };
  }
  const json = (value: unknown) => ({
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
  });
  const ticket = (overrides: Record<string, unknown> = {}) => ({
    subject: 'VPN drops',
    description: 'Since Monday',
    priority: 'high',
    department: 'IT',
    category: 'Support',
    ...overrides,
  });

  const cases: [
    string,
    string,
    string,
    { body?: RequestInit['body']; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      'NUL in a subject',
      'POST',
      '/api/v1/tickets',
      json(ticket({ subject: 'a\u0000b' })),
      400,
      'body.subject',
    ],
    [
      'a lone surrogate in a subject',
      'POST',
      '/api/v1/tickets',
      json(ticket({ subject: 'a\ud800' })),
      400,
      'body.subject',
    ],
    [
      'a lone low surrogate in a nested field',
      'POST',
      '/api/v1/tickets',
      json(ticket({ requester: { id: '\udc00x' } })),
      400,
      'body.requester.id',
    ],
    [
      'NUL in a list filter',
      'GET',
      '/api/v1/tickets?department=IT%00',
      {},
      400,
      'query.department',
    ],
    ['NUL in a search', 'GET', '/api/v1/tickets?q=%00', {}, 400, 'query.q'],
    ['NUL in a path', 'GET', '/api/v1/tickets/TX%00', {}, 400, 'path'],
    [
      'a cursor of the wrong shape',
      'GET',
      `/api/v1/tickets?cursor=${cursorOf(['1', '1'])}`,
      {},
      400,
      'query.cursor',
    ],
    [
      'a cursor with a garbage id',
      'GET',
      `/api/v1/tickets?cursor=${cursorOf(['2026-01-01T00:00:00.000Z', 'x'])}`,
      {},
      400,
      'query.cursor',
    ],
    ...[
      '0000-01-01T00:00:00Z',
      '2025-02-30T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T00:00:60Z',
      '9999-12-31T23:59:59.9999999Z',
    ].map((at): [string, string, string, Record<string, never>, number, string] => [
      `a cursor at ${at}, an instant Postgres refuses`,
      'GET',
      `/api/v1/tickets?cursor=${cursorOf([at, '1'])}`,
      {},
      400,
      'query.cursor',
    ]),
    [
      'a cursor with an id past bigint',
      'GET',
      `/api/v1/tickets?cursor=${cursorOf(['2026-01-01T00:00:00.000Z', '9'.repeat(19)])}`,
      {},
      400,
      'query.cursor',
    ],
    [
      'a cursor that is not base64',
      'GET',
      '/api/v1/tickets?cursor=%E2%9C%93',
      {},
      400,
      'query.cursor',
    ],
    [
      'a date Postgres cannot hold',
      'GET',
      '/api/v1/tickets?createdFrom=-271821-04-20',
      {},
      422,
      'query.createdFrom',
    ],
    [
      'a 25-digit id',
      'GET',
      '/api/v1/tickets/TX-1/attachments/1234567890123456789012345',
      {},
      422,
      'params.attachmentId',
    ],
    [
      'a gzip body that is not compressed',
      'POST',
      '/api/v1/tickets',
      {
        body: JSON.stringify(ticket()),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      },
      400,
      'body',
    ],
    [
      'a br body that is not compressed',
      'POST',
      '/api/v1/tickets',
      {
        body: JSON.stringify(ticket()),
        headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      },
      400,
      'body',
    ],
    [
      'multipart without a boundary',
      'POST',
      '/api/v1/tickets',
      { body: 'subject=x', headers: { 'content-type': 'multipart/form-data' } },
      400,
      'body',
    ],
    [
      'a truncated multipart body',
      'POST',
      '/api/v1/tickets',
      {
        body: '--XYZ\r\ncontent-disposition: form-data; name="subject"\r\n\r\nhal',
        headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      },
      400,
      'body',
    ],
  ];

  it.each(cases)(
    '%s: %s %s is a 4xx naming the field',
    async (_name, method, route, init, status, field) => {
      const answer = await send(method, route, init);
      expect({ status: answer.status, field: answer.body.error?.field }).toEqual({ status, field });
    },
  );

  it('serves attachments from a dot-folder media root with a safe Content-Disposition', async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries(ticket())) form.append(key, String(value));
    form.append(
      'attachments',
      new Blob(['<html>hi</html>'], { type: 'text/plain' }),
      'отчёт "1".txt',
    );
    const created = await send('POST', '/api/v1/tickets', { body: form });
    expect(created.status).toBe(201);
    const body = created.body as unknown as {
      ticket: { number: string; attachments: { id: string }[] };
    };
    const [attachment] = body.ticket.attachments;
    const download = await send(
      'GET',
      `/api/v1/tickets/${body.ticket.number}/attachments/${attachment?.id}`,
    );
    expect(download.status).toBe(200);
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain("filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%221%22.txt");
    // eslint-disable-next-line no-control-regex
    expect(disposition).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('hostile input at the workflow API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let broker: Broker;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase(config, 'workflow');
    temporal = await connectTestClient(config);
    broker = await connectTestBroker(config);
    const identity = await createTestIdentity();
    const app = createWorkflowApp({
      logger: silentLogger,
      db: database.db,
      broker,
      temporal,
      verifier: identity.verifier,
    });
    server = await startHttpServer(app, 0);
    token = await identity.userToken({ id: '1', roles: { tts: ['admin', 'agent'] } });
  });

  afterAll(async () => {
    await server.stop();
    await deleteTestTopology(broker);
    await broker.close();
    await temporal.connection.close();
    await database.drop();
  });

  const cases: [string, string, string, unknown, number, string][] = [
    ['NUL in a task search', 'GET', '/api/v1/tasks?q=%00', undefined, 400, 'query.q'],
    ['NUL in a task role', 'GET', '/api/v1/tasks?role=IT%00', undefined, 400, 'query.role'],
    [
      'a task cursor with a garbage instant',
      'GET',
      `/api/v1/tasks?cursor=${cursorOf(['garbage', '1'])}`,
      undefined,
      400,
      'query.cursor',
    ],
    [
      'a task cursor on a day the calendar lacks',
      'GET',
      `/api/v1/tasks?cursor=${cursorOf(['2025-02-30T00:00:00Z', '1'])}`,
      undefined,
      400,
      'query.cursor',
    ],
    [
      'a 25-digit task id',
      'GET',
      '/api/v1/tasks/1234567890123456789012345',
      undefined,
      422,
      'params.id',
    ],
    [
      'a version past int4',
      'GET',
      '/api/v1/workflows/printers/versions/2147483648',
      undefined,
      422,
      'params.version',
    ],
    [
      'a lone surrogate in a definition',
      'POST',
      '/api/v1/workflows',
      { key: 'x', spec: { name: '\ud800' } },
      400,
      'body.spec.name',
    ],
  ];

  it.each(cases)(
    '%s: %s %s is a 4xx naming the field',
    async (_name, method, route, body, status, field) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const answer = (await response.json()) as { error?: { field?: string } };
      expect({ status: response.status, field: answer.error?.field }).toEqual({ status, field });
    },
  );
});

describe('hostile input at the auth API', () => {
  let auth: AuthTestService;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    auth = await startAuthTestService(config);
    ({ server } = auth);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@helpdesk.local', password: 'admin-dev-password' }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(() => auth.stop());

  const cases: [string, string, string, unknown, number, string][] = [
    ['NUL in PATCH /auth/me', 'PATCH', '/api/v1/auth/me', { name: 'Ada\u0000' }, 400, 'body.name'],
    [
      'a lone surrogate in PATCH /auth/me',
      'PATCH',
      '/api/v1/auth/me',
      { name: '\udfffAda' },
      400,
      'body.name',
    ],
    ['NUL in a user search', 'GET', '/api/v1/users?q=%00', undefined, 400, 'query.q'],
    [
      'NUL in a role name in the path',
      'GET',
      '/api/v1/roles/agent%00/users',
      undefined,
      400,
      'path',
    ],
    [
      'a lone surrogate in a role name in the path',
      'DELETE',
      '/api/v1/systems/tts/roles/%ED%A0%80',
      undefined,
      400,
      'path',
    ],
    [
      'a 25-digit user id',
      'GET',
      '/api/v1/users/1234567890123456789012345',
      undefined,
      422,
      'params.id',
    ],
  ];

  it.each(cases)(
    '%s: %s %s is a 4xx naming the field',
    async (_name, method, route, body, status, field) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const answer = (await response.json()) as { error?: { field?: string } };
      expect({ status: response.status, field: answer.error?.field }).toEqual({ status, field });
    },
  );
});
