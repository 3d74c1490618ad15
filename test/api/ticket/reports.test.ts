import type { Client } from '@temporalio/client';
import { dayOf } from '../../../api/ticket/rollup';
import { dailyRollup } from '../../../migrations/ticket/005_daily_rollup';
import {
  connectTestClient,
  createTestDatabase,
  terminateTestWorkflows,
  testConfig,
  type TestDatabase,
} from '../../support/platform';
import { requestJson } from '../../support/http';
import { startTestTicketApp, type TestTicketApp } from '../../support/ticketInstance';
import { createTestIdentity } from '../../support/tokens';

const config = testConfig();
const HOUR = 3_600_000;

interface Report {
  period: { from: string; to: string; bucket: string };
  volume: { start: string; filed: number; resolved: number; backlog: number }[];
  sla: { byRole: unknown[]; byStep: unknown[] };
  firstResponse: { band: string; count: number }[];
  resolution: { band: string; count: number }[];
  agentLoad: { assigneeId: string; open: number }[];
}

describe('ticket reports (the dashboard charts)', () => {
  let database: TestDatabase;
  let temporal: Client;
  let ticketApp: TestTicketApp;
  const tokens: Record<string, string> = {};
  const today = dayOf(new Date());
  const tomorrow = dayOf(new Date(Date.now() + 24 * HOUR));

  const call = (who: string, method: string, route: string, body?: unknown) =>
    requestJson(`${ticketApp.server.url}${route}`, method, {
      token: tokens[who] ?? null,
      ...(body !== undefined ? { body } : {}),
    });
  const report = async (query: string) => {
    const answer = await call('agent', 'GET', `/api/v1/tickets/reports?${query}`);
    expect(answer.status).toBe(200);
    return answer.body as unknown as Report;
  };
  const file = async (subject: string): Promise<{ number: string; createdAt: string }> => {
    const answer = await call('alice', 'POST', '/api/v1/tickets', {
      subject,
      description: 'reports test',
      priority: 'high',
      department: 'IT',
      category: 'Support',
    });
    expect(answer.status).toBe(201);
    return (answer.body as { ticket: { number: string; createdAt: string } }).ticket;
  };
  const record = (number: string, events: Record<string, unknown>[]) =>
    call('service', 'POST', `/internal/v1/tickets/${number}/events/batch`, { events });
  const sum = (points: Report['volume'], field: 'filed' | 'resolved') =>
    points.reduce((total, point) => total + point[field], 0);
  const band = (bands: Report['firstResponse'], key: string) =>
    bands.find((entry) => entry.band === key)?.count;

  beforeAll(async () => {
    database = await createTestDatabase(config, 'ticket');
    temporal = await connectTestClient(config);
    const identity = await createTestIdentity();
    ticketApp = await startTestTicketApp(config, {
      database,
      temporal,
      verifier: identity.verifier,
    });
    tokens.alice = await identity.userToken({ id: '501', roles: { tts: ['requester'] } });
    tokens.agent = await identity.userToken({ id: '101', roles: { tts: ['IT Support'] } });
    tokens.service = await identity.serviceToken();
  });

  afterAll(async () => {
    await ticketApp.stop();
    await terminateTestWorkflows(temporal, config.temporal.taskQueue);
    await temporal.connection.close();
    await database.drop();
  });

  it('counts filed, resolved, backlog, SLA by role and step, bands and load from the events', async () => {
    const [one, two, three] = [await file('one'), await file('two'), await file('three')];
    const at = (ticket: { createdAt: string }, ms: number) =>
      new Date(Date.parse(ticket.createdAt) + ms).toISOString();
    const entered = (ticket: { number: string; createdAt: string }, fields: object) => ({
      eventKey: `${ticket.number}:assigned`,
      type: 'assigned',
      occurredAt: at(ticket, 1000),
      actor: { kind: 'system' },
      status: 'open',
      details: { origin: 'system' },
      ...fields,
    });
    const oneEvents = [
      entered(one, { assignedRole: 'IT Support', step: 'Triage', assigneeId: '103' }),
      {
        eventKey: `${one.number}:resolved`,
        type: 'status_changed',
        occurredAt: at(one, 2 * HOUR),
        actor: { kind: 'user', id: '103' },
        status: 'resolved',
        details: { action: 'resolve' },
      },
    ];
    expect((await record(one.number, oneEvents)).status).toBe(200);
    // A retried batch (same event keys) counts nothing twice.
    expect((await record(one.number, oneEvents)).status).toBe(200);
    await record(two.number, [
      entered(two, { assignedRole: 'IT Support', step: 'Triage', assigneeId: '102' }),
      {
        eventKey: `${two.number}:breach`,
        type: 'sla_breached',
        occurredAt: at(two, 2000),
        actor: { kind: 'system' },
        assignedRole: 'IT Support',
        step: 'Triage',
        slaBreached: true,
      },
      {
        eventKey: `${two.number}:escalated`,
        type: 'assigned',
        occurredAt: at(two, 3000),
        actor: { kind: 'system' },
        assignedRole: 'Manager',
        step: 'Triage',
        details: { origin: 'escalation' },
      },
    ]);
    await record(three.number, [
      entered(three, { assignedRole: 'Manager', step: 'Approval', assigneeId: '101' }),
    ]);

    const body = await report(`from=${today}&to=${tomorrow}`);
    expect(body.period).toEqual({ from: today, to: tomorrow, bucket: 'day' });
    expect(body.volume.map((point) => point.start)).toEqual([today, tomorrow]);
    expect(sum(body.volume, 'filed')).toBe(3);
    expect(sum(body.volume, 'resolved')).toBe(1);
    expect(body.volume[1]!.backlog).toBe(2);
    expect(body.sla.byRole).toEqual([
      { name: 'IT Support', steps: 2, breaches: 1, compliance: 0.5 },
      { name: 'Manager', steps: 1, breaches: 0, compliance: 1 },
    ]);
    expect(body.sla.byStep).toEqual([
      { name: 'Approval', steps: 1, breaches: 0, compliance: 1 },
      { name: 'Triage', steps: 2, breaches: 1, compliance: 0.5 },
    ]);
    expect(band(body.firstResponse, 'under_4h')).toBe(1);
    expect(body.firstResponse.reduce((total, entry) => total + entry.count, 0)).toBe(1);
    expect(band(body.resolution, 'under_4h')).toBe(1);
    expect(body.agentLoad).toEqual([
      { assigneeId: '101', open: 1 },
      { assigneeId: '102', open: 1 },
    ]);

    // The backlog before a later period carries over; a long period is bucketed per week.
    const inDays = (days: number) => dayOf(new Date(Date.now() + days * 24 * HOUR));
    const later = await report(`from=${inDays(3)}&to=${inDays(5)}`);
    expect(later.volume).toHaveLength(3);
    expect(later.volume.every((point) => point.backlog === 2 && point.filed === 0)).toBe(true);
    const year = await report(`from=${inDays(-300)}`);
    expect(year.period.bucket).toBe('week');
    expect(year.volume.length).toBeGreaterThanOrEqual(43);
    expect(year.volume.length).toBeLessThanOrEqual(45);
    expect(sum(year.volume, 'filed')).toBe(3);

    // The migration's backfill, from the tickets and their history, finds the same figures.
    await dailyRollup.down(database.db);
    await dailyRollup.up(database.db);
    const rebuilt = await report(`from=${today}&to=${tomorrow}`);
    expect(rebuilt.volume).toEqual(body.volume);
    expect(rebuilt.firstResponse).toEqual(body.firstResponse);
    expect(rebuilt.resolution).toEqual(body.resolution);
    expect(rebuilt.agentLoad).toEqual(body.agentLoad);
  });

  it('answers a bad period with 422 naming the field, hostile text with 400, requesters 403', async () => {
    const field = async (query: string) => {
      const answer = await call('agent', 'GET', `/api/v1/tickets/reports?${query}`);
      return [answer.status, (answer.body as { error?: { field?: string } }).error?.field];
    };
    expect(await field('from=2026-02-30')).toEqual([422, 'query.from']);
    expect(await field('from=someday')).toEqual([422, 'query.from']);
    expect(await field('to=-271821-04-20')).toEqual([422, 'query.to']);
    expect(await field('from=0000-01-01&to=0000-01-02')).toEqual([422, 'query.from']);
    expect(await field('from=2026-03-02&to=2026-03-01')).toEqual([422, 'query.to']);
    expect(await field('from=2025-01-01&to=2026-01-02')).toEqual([422, 'query.to']);
    expect(await field('from=2026-01-01&from=2026-01-02')).toEqual([422, 'query.from']);
    expect(await field('from=%00')).toEqual([400, 'query.from']);
    expect(await field('from=%ED%A0%80')).toEqual([422, 'query.from']);
    expect((await report('from=2025-01-01&to=2025-12-31')).period.bucket).toBe('week');
    expect((await report('from=2026-03-01&to=2026-03-01')).volume).toHaveLength(1);
    // The calendar's last day: the day after it is no YYYY-MM-DD (a string loop hung the service).
    expect((await report('from=9999-12-25&to=9999-12-31')).volume).toHaveLength(7);
    expect((await report('from=0001-01-01&to=0001-01-07')).volume).toHaveLength(7);
    expect((await call('alice', 'GET', '/api/v1/tickets/reports')).status).toBe(403);
    expect((await call('nobody', 'GET', '/api/v1/tickets/reports')).status).toBe(401);
  });
});
