import { createWorkflowApp } from '../../../api/workflow/app';
import { startHttpServer, type RunningServer } from '../../../api/shared/http/server';
import { LifecycleHarness, people, testDefinition } from '../../support/lifecycle';
import { silentLogger } from '../../support/platform';
import { createTestIdentity, type TestIdentity } from '../../support/tokens';

const harness = new LifecycleHarness();
let server: RunningServer;
let identity: TestIdentity;
const tokens: Record<string, string> = {};

async function call(
  who: keyof typeof tokens | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const errorOf = (body: Record<string, unknown>) =>
  body.error as { code: string; message: string; field?: string };

describe('workflow API', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
    identity = await createTestIdentity();
    const app = createWorkflowApp({
      logger: silentLogger,
      db: harness.database.db,
      broker: harness.broker,
      temporal: harness.client,
      verifier: identity.verifier,
    });
    server = await startHttpServer(app, 0);
    tokens.admin = await identity.userToken({
      id: people.admin.id,
      roles: { tts: ['admin', 'agent'] },
    });
    tokens.agent1 = await identity.userToken({
      id: people.agent1.id,
      roles: { tts: ['agent', 'IT Support'] },
    });
    tokens.agent2 = await identity.userToken({
      id: people.agent2.id,
      roles: { tts: ['agent', 'IT Support'] },
    });
    tokens.requester = await identity.userToken({ id: '900', roles: { tts: ['requester'] } });
  });
  afterAll(async () => {
    await server.stop();
    await harness.stop();
  });

  describe('definitions', () => {
    it('creates, versions, deploys and pauses; a running ticket keeps its version', async () => {
      const spec = testDefinition();
      const created = await call('admin', 'POST', '/api/v1/workflows', {
        key: 'printers',
        spec,
        deploy: true,
      });
      expect(created).toMatchObject({
        status: 201,
        body: { key: 'printers', version: 1, status: 'deployed' },
      });
      const ticket = await harness.startTicket(spec);
      await harness.waitFor(ticket, (v) => v.task?.assignee != null);

      const v2 = await call('admin', 'PUT', '/api/v1/workflows/printers', {
        spec: { ...spec, name: 'Printers v2' },
      });
      expect(v2).toMatchObject({ status: 201, body: { version: 2, status: 'draft' } });
      const deployed = await call('admin', 'POST', '/api/v1/workflows/printers/versions/2/deploy');
      expect(deployed.body).toMatchObject({ version: 2, status: 'deployed' });
      const v1 = await call('admin', 'GET', '/api/v1/workflows/printers/versions/1');
      expect(v1.body.status).toBe('superseded');
      expect((await harness.waitFor(ticket, () => true)).definition).toEqual({
        key: 'printers',
        version: 1,
      });

      const paused = await call('admin', 'POST', '/api/v1/workflows/printers/versions/2/pause');
      expect(paused.body.status).toBe('paused');
      const listed = await call('admin', 'GET', '/api/v1/workflows?latest=false');
      expect(
        (listed.body.items as { key: string }[]).filter((d) => d.key === 'printers'),
      ).toHaveLength(2);
      await ticket.terminate();
    });

    it.each([
      [{ key: 'Bad Key', spec: testDefinition() }, 'body.key'],
      [
        {
          key: 'ok',
          spec: { ...testDefinition(), sla: { low: 1, medium: 1, high: 'soon', critical: 1 } },
        },
        'body.spec.sla.high',
      ],
      [{ key: 'ok', spec: { ...testDefinition(), steps: [] } }, 'body.spec.steps'],
      [
        {
          key: 'ok',
          spec: testDefinition({
            transitions: [
              { from: 'triage', action: 'approve', to: 'gone', ticketStatus: 'in_progress' },
            ],
          }),
        },
        'body.spec.transitions.0.to',
      ],
      [{ key: 'ok', spec: testDefinition({ startStep: 'nope' }) }, 'body.spec.startStep'],
    ])('answers a bad definition with 422 naming %#: %s', async (body, field) => {
      const response = await call('admin', 'POST', '/api/v1/workflows', body);
      expect(response.status).toBe(422);
      expect(errorOf(response.body)).toMatchObject({ code: 'validation_failed', field });
      expect((response.body.error as { details: { field: string }[] }).details).toContainEqual(
        expect.objectContaining({ field }),
      );
    });

    it('answers duplicates with 409, unknown keys with 404, non-admins with 403 and anonymous with 401', async () => {
      await call('admin', 'POST', '/api/v1/workflows', { key: 'dup', spec: testDefinition() });
      expect(
        (await call('admin', 'POST', '/api/v1/workflows', { key: 'dup', spec: testDefinition() }))
          .status,
      ).toBe(409);
      expect((await call('admin', 'GET', '/api/v1/workflows/missing')).status).toBe(404);
      expect((await call('admin', 'POST', '/api/v1/workflows/dup/versions/9/deploy')).status).toBe(
        404,
      );
      expect((await call('admin', 'POST', '/api/v1/workflows/dup/versions/1/pause')).status).toBe(
        409,
      );
      expect((await call('agent1', 'GET', '/api/v1/workflows')).status).toBe(403);
      expect((await call(null, 'GET', '/api/v1/workflows')).status).toBe(401);
    });

    it('seeds the default definitions once', async () => {
      const first = await call('admin', 'POST', '/api/v1/workflows/seed');
      expect(first.body.written).toEqual(['it-support', 'access-request', 'hardware-request']);
      expect((await call('admin', 'POST', '/api/v1/workflows/seed')).body.written).toEqual([]);
    });

    it('lists what a ticket can be filed under to any signed-in user: deployed definitions only', async () => {
      const deployed = testDefinition({ name: 'Catalogued' });
      const draft = testDefinition({ name: 'Draft only' });
      await call('admin', 'POST', '/api/v1/workflows', {
        key: 'catalogued',
        spec: deployed,
        deploy: true,
      });
      await call('admin', 'POST', '/api/v1/workflows', { key: 'draft-only', spec: draft });
      const catalog = await call('requester', 'GET', '/api/v1/catalog');
      expect(catalog.status).toBe(200);
      const items = catalog.body.items as { department: string; category: string; name: string }[];
      expect(items).toContainEqual({
        department: 'IT',
        category: deployed.category,
        name: 'Catalogued',
        description: '',
      });
      expect(items.map((item) => item.category)).not.toContain(draft.category);
      expect((await call(null, 'GET', '/api/v1/catalog')).status).toBe(401);
    });
  });

  describe('tasks, actions and overrides', () => {
    it('lists my tasks and lets me act on them; others get 403 and disallowed actions 409', async () => {
      const spec = await harness.deploy(testDefinition());
      const ticket = await harness.startTicket(spec);
      const view = await harness.waitFor(ticket, (v) => v.task?.assignee != null);
      const mine = view.task!.assignee!.id === people.agent1.id ? 'agent1' : 'agent2';
      const other = mine === 'agent1' ? 'agent2' : 'agent1';

      const queue = await call(
        mine,
        'GET',
        `/api/v1/tasks?assignee=me&tab=active&ticket=${view.ticketNumber}`,
      );
      expect(queue.body.items).toEqual([
        expect.objectContaining({ id: view.task!.taskId, stepKey: 'triage', status: 'pending' }),
      ]);
      const taskPath = `/api/v1/tasks/${view.task!.taskId}/actions`;

      const forbidden = await call(other, 'POST', taskPath, { action: 'approve' });
      expect(forbidden.status).toBe(403);
      expect(errorOf(forbidden.body).message).toBe('only the assignee may approve this task');
      const notAllowed = await call(mine, 'POST', taskPath, { action: 'resolve' });
      expect(notAllowed.status).toBe(409);
      expect(errorOf(notAllowed.body)).toMatchObject({
        field: 'action',
        message: expect.stringContaining('not allowed on step triage') as unknown,
      });
      expect((await call(mine, 'POST', taskPath, { action: 'Dance!' })).status).toBe(422);
      const unknown = await call(mine, 'POST', taskPath, { action: 'dance' });
      expect(unknown.status).toBe(409);
      expect(errorOf(unknown.body).field).toBe('action');

      const approved = await call(mine, 'POST', taskPath, { action: 'approve', notes: 'ok' });
      expect(approved).toMatchObject({ status: 200, body: { task: { stepKey: 'resolution' } } });
      const stale = await call(mine, 'POST', taskPath, { action: 'approve' });
      expect(stale.status).toBe(409);
      const detail = await call(mine, 'GET', `/api/v1/tasks/${view.task!.taskId}`);
      expect(detail.body).toMatchObject({
        status: 'completed',
        lastAction: 'approve',
        assignments: [expect.objectContaining({ status: 'resolved' })],
      });
      await ticket.terminate();
    });

    it("shows staff a ticket's graph, its current step and the path it took", async () => {
      const spec = await harness.deploy(testDefinition());
      const ticket = await harness.startTicket(spec);
      const view = await harness.waitFor(ticket, (v) => v.task?.assignee != null);
      const path = `/api/v1/tickets/${view.ticketNumber}/workflow-path`;
      const before = await call('agent1', 'GET', path);
      expect(before).toMatchObject({
        status: 200,
        body: {
          definition: { version: 1, graph: { startStep: 'triage', steps: spec.steps } },
          currentStep: 'triage',
          path: [{ stepKey: 'triage', action: null }],
        },
      });
      const mine = view.task!.assignee!.id === people.agent1.id ? 'agent1' : 'agent2';
      await call(mine, 'POST', `/api/v1/tasks/${view.task!.taskId}/actions`, {
        action: 'approve',
      });
      const after = await call('agent2', 'GET', path);
      expect(after.body).toMatchObject({
        currentStep: 'resolution',
        path: [
          { stepKey: 'triage', action: 'approve', status: 'completed' },
          { stepKey: 'resolution', action: null },
        ],
      });
      expect((after.body.definition as { graph: object }).graph).toEqual({
        startStep: 'triage',
        steps: spec.steps,
        transitions: spec.transitions,
      });
      expect((await call('requester', 'GET', path)).status).toBe(403);
      expect((await call(null, 'GET', path)).status).toBe(401);
      expect((await call('agent1', 'GET', '/api/v1/tickets/TX-NOPE-1/workflow-path')).status).toBe(
        404,
      );
      for (const bad of ['%00', '%F0%9F', 'a'.repeat(41), '..%2F..', '-x']) {
        const response = await call('agent1', 'GET', `/api/v1/tickets/${bad}/workflow-path`);
        expect([400, 404, 422]).toContain(response.status);
      }
      await ticket.terminate();
    });

    it('answers 422 naming notes when a transition that needs them gets none', async () => {
      const base = testDefinition();
      const spec = await harness.deploy({
        ...base,
        transitions: base.transitions.map((t) =>
          t.action === 'reject' ? { ...t, notesRequired: true } : t,
        ),
      });
      const ticket = await harness.startTicket(spec);
      const view = await harness.waitFor(ticket, (v) => v.task?.assignee != null);
      const mine = view.task!.assignee!.id === people.agent1.id ? 'agent1' : 'agent2';
      const taskPath = `/api/v1/tasks/${view.task!.taskId}/actions`;
      const blank = await call(mine, 'POST', taskPath, { action: 'reject', notes: '' });
      expect(blank.status).toBe(422);
      expect(errorOf(blank.body)).toMatchObject({ field: 'notes' });
      const rejected = await call(mine, 'POST', taskPath, { action: 'reject', notes: 'spam' });
      expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected' } });
    });

    it('pages the task queue by deadline without gaps or repeats', async () => {
      const spec = await harness.deploy(testDefinition());
      const tickets = [];
      for (let i = 0; i < 5; i += 1) tickets.push(await harness.startTicket(spec));
      await Promise.all(tickets.map((t) => harness.waitFor(t, (v) => v.task?.assignee != null)));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/tasks?role=IT%20Support&tab=active&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call('admin', 'GET', query);
        const items = page.body.items as { id: string; slaDeadline: string }[];
        seen.push(...items.map((i) => i.id));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(5);
      expect((await call('admin', 'GET', '/api/v1/tasks?cursor=garbage')).status).toBe(400);
      expect((await call('admin', 'GET', '/api/v1/tasks?limit=500')).status).toBe(422);
      await Promise.all(tickets.map((t) => t.terminate()));
    });

    it('lets admins override with reasons for refusals; others get 403', async () => {
      const spec = await harness.deploy(testDefinition());
      const ticket = await harness.startTicket(spec);
      const view = await harness.waitFor(ticket, (v) => v.task?.assignee != null);
      const path = `/api/v1/tickets/${view.ticketNumber}/overrides`;

      expect((await call('agent1', 'POST', path, { type: 'hold' })).status).toBe(403);
      const refused = await call('admin', 'POST', path, { type: 'resume' });
      expect(refused.status).toBe(409);
      expect(errorOf(refused.body).message).toBe('the ticket is not on hold');
      expect((await call('admin', 'POST', path, { type: 'teleport' })).status).toBe(422);
      expect(
        (await call('admin', 'POST', path, { type: 'change_priority', priority: 'urgentest' }))
          .status,
      ).toBe(422);

      const changed = await call('admin', 'POST', path, {
        type: 'change_priority',
        priority: 'low',
        reason: 'can wait',
      });
      expect(changed).toMatchObject({ status: 200, body: { priority: 'low' } });
      const state = await call('agent1', 'GET', `/api/v1/tickets/${view.ticketNumber}/state`);
      expect(state.body).toMatchObject({ priority: 'low', status: 'open' });
      expect((await call('agent1', 'GET', '/api/v1/tickets/TX-NOPE-1/state')).status).toBe(404);
      expect(
        (await call('requester', 'GET', `/api/v1/tickets/${view.ticketNumber}/state`)).status,
      ).toBe(403);
      const key = { 'idempotency-key': `hold-${view.ticketNumber}` };
      const hold = { type: 'hold', reason: 'waiting for parts' };
      const held = await call('admin', 'POST', path, hold, key);
      expect(held).toMatchObject({ status: 200, body: { status: 'on_hold' } });
      expect(await call('admin', 'POST', path, hold, key)).toMatchObject(held);
      const reused = await call('admin', 'POST', path, { type: 'cancel', reason: 'x' }, key);
      expect(reused.status).toBe(409);
      expect(errorOf(reused.body).field).toBe('idempotency-key');
      const badKey = await call('admin', 'POST', path, hold, { 'idempotency-key': 'a b' });
      expect(badKey.status).toBe(400);
      expect(errorOf(badKey.body).field).toBe('idempotency-key');
      const stillHeld = await call('agent1', 'GET', `/api/v1/tickets/${view.ticketNumber}/state`);
      expect(stillHeld.body).toMatchObject({ status: 'on_hold' });
      const cancelled = await call('admin', 'POST', path, { type: 'cancel', reason: 'dupe' });
      expect(cancelled.body.status).toBe('cancelled');
    });
  });
});
