import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SOCKET_PATH } from '../../api/messaging/hub';
import type { HttpServiceName } from '../../infra/config/services';
import type { LifecycleView } from '../../workflows/messages';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { eventually } from '../support/platform';
import type { JsonAnswer } from '../support/http';
import { callService, logIn, type Session } from '../support/platformSessions';
import { TestSocket } from '../support/sockets';

const AGENT_PASSWORD = 'agent-dev-password';

/**
 * The whole platform as its processes run in production: real auth, ticket, workflow, messaging
 * and notification services, the Temporal worker and the SMTP sink, on the real Postgres,
 * RabbitMQ and temporal-server. Each seeded workflow is walked from intake to closure.
 */
describe('platform end to end', () => {
  let platform: MiniPlatform;
  const sessions = new Map<string, Session>();

  async function call(
    service: HttpServiceName,
    method: string,
    path: string,
    session: Session | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonAnswer> {
    return callService(platform.config, service, method, path, { session, body, headers });
  }

  async function login(email: string, password = AGENT_PASSWORD): Promise<Session> {
    const session = await logIn(platform.config, email, password);
    sessions.set(session.userId, session);
    return session;
  }

  async function fileTicket(
    requester: Session,
    category: string,
    requestId: string = randomUUID(),
  ): Promise<string> {
    const answer = await call(
      'ticket',
      'POST',
      '/api/v1/tickets',
      requester,
      {
        subject: `${category} request ${randomUUID().slice(0, 8)}`,
        description: 'Filed by the end-to-end test',
        priority: 'high',
        department: 'IT',
        category,
      },
      { 'idempotency-key': randomUUID(), 'x-request-id': requestId },
    );
    expect(answer.status).toBe(201);
    return (answer.body.ticket as { number: string }).number;
  }

  /** The ticket's live workflow state once its current step has an assignee (or it ended). */
  async function assignedState(
    admin: Session,
    number: string,
    step?: string,
  ): Promise<LifecycleView> {
    return eventually(async () => {
      const state = await call('workflow', 'GET', `/api/v1/tickets/${number}/state`, admin);
      expect(state.status).toBe(200);
      const view = state.body as unknown as LifecycleView;
      if (step) expect(view.task?.stepKey).toBe(step);
      expect(view.task?.assignee).not.toBeNull();
      return view;
    }, 30_000);
  }

  /** The assignee acts on the current task through the workflow API, as an agent would. */
  async function act(view: LifecycleView, action: string): Promise<JsonAnswer> {
    const assignee = view.task!.assignee!;
    const session = sessions.get(assignee.id) ?? (await login(assignee.email));
    const tasks = await eventually(async () => {
      const list = await call(
        'workflow',
        'GET',
        `/api/v1/tasks?assignee=me&ticket=${view.ticketNumber}`,
        session,
      );
      const items = list.body.items as { id: string; ticketNumber: string }[];
      expect(items.map((t) => t.id)).toContain(view.task!.taskId);
      return items;
    });
    expect(tasks.length).toBeGreaterThan(0);
    return call('workflow', 'POST', `/api/v1/tasks/${view.task!.taskId}/actions`, session, {
      action,
    });
  }

  beforeAll(async () => {
    platform = await startMiniPlatform('info');
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it.each([
    ['Support', ['triage', 'resolution'], ['approve', 'resolve']],
    ['Access', ['manager-approval', 'provisioning'], ['approve', 'resolve']],
    ['Hardware', ['triage', 'approval', 'fulfilment'], ['approve', 'approve', 'resolve']],
  ])('walks a %s ticket through %j to resolved', async (category, steps, actions) => {
    const admin = await login('admin@helpdesk.local', 'admin-dev-password');
    const requester = await login('requester1@helpdesk.local', 'requester-dev-password');
    const number = await fileTicket(requester, category);

    for (const [i, step] of steps.entries()) {
      const view = await assignedState(admin, number, step);
      const stranger = await login('coordinator@helpdesk.local');
      const refused = await call(
        'workflow',
        'POST',
        `/api/v1/tasks/${view.task!.taskId}/actions`,
        stranger,
        {
          action: actions[i],
        },
      );
      expect(refused.status).toBe(403);
      const done = await act(view, actions[i]!);
      expect(done.status).toBe(200);
    }

    const ticket = await eventually(async () => {
      const answer = await call('ticket', 'GET', `/api/v1/tickets/${number}`, requester);
      expect(answer.body.ticket ?? answer.body).toMatchObject({ status: 'resolved' });
      return answer;
    }, 30_000);
    expect(ticket.status).toBe(200);
    const history = await call('ticket', 'GET', `/api/v1/tickets/${number}/history`, requester);
    const types = (history.body.items as { type: string }[]).map((e) => e.type);
    expect(types.filter((t) => t === 'assigned').length).toBeGreaterThanOrEqual(steps.length);
    const comments = await eventually(async () => {
      const answer = await call(
        'messaging',
        'GET',
        `/api/v1/tickets/${number}/comments`,
        requester,
      );
      expect((answer.body.items as unknown[]).length).toBeGreaterThanOrEqual(steps.length);
      return answer.body.items as { author: { kind: string } }[];
    }, 30_000);
    expect(comments.every((c) => c.author.kind === 'system')).toBe(true);
    await eventually(async () => {
      const inbox = await call('notification', 'GET', '/api/v1/notifications', requester);
      const kinds = (inbox.body.items as { type: string; data: { ticketNumber?: string } }[])
        .filter((n) => n.data.ticketNumber === number)
        .map((n) => n.type);
      expect(kinds).toContain('status_change');
    }, 30_000);
    await eventually(async () => {
      const sink = await fetch(`http://127.0.0.1:${platform.config.smtp.sinkHttpPort}/`);
      const { messages } = (await sink.json()) as { messages: { to: string[]; raw: string }[] };
      const mail = messages.filter((m) => m.to.includes(requester.email) && m.raw.includes(number));
      expect(mail.length).toBeGreaterThan(0);
    }, 30_000);
  });

  it('carries live comments and status changes to the requester over the WebSocket', async () => {
    const admin = await login('admin@helpdesk.local', 'admin-dev-password');
    const requester = await login('requester2@helpdesk.local', 'requester-dev-password');
    const number = await fileTicket(requester, 'Support');
    const view = await assignedState(admin, number, 'triage');
    const agent =
      sessions.get(view.task!.assignee!.id) ?? (await login(view.task!.assignee!.email));
    const socketUrl = (session: Session) =>
      `${platform.config.http.messaging.url.replace('http', 'ws')}${SOCKET_PATH}?token=${session.token}`;
    const requesterSocket = await TestSocket.open(socketUrl(requester));
    const agentSocket = await TestSocket.open(socketUrl(agent));
    try {
      for (const socket of [requesterSocket, agentSocket]) {
        socket.send({ type: 'subscribe', ticket: number });
        await socket.next((m) => m.type === 'subscribed');
      }
      const ack = await agentSocket.request({
        type: 'comment.post',
        ref: 'hello',
        ticket: number,
        body: 'On it!',
      });
      expect(ack).toMatchObject({ type: 'ack', created: true });
      await requesterSocket.next(
        (m) => m.type === 'comment.created' && (m.comment as { id: string }).id === ack.commentId,
      );
      expect((await act(view, 'approve')).status).toBe(200);
      expect(
        await requesterSocket.next(
          (m) =>
            m.type === 'ticket.event' && (m.event as { status?: string }).status === 'in_progress',
          20_000,
        ),
      ).toMatchObject({ ticket: number });
    } finally {
      requesterSocket.close();
      agentSocket.close();
    }
  });

  it('moves a deactivated agent’s open task to another member of the role, via tts.user_system_role.sync', async () => {
    const admin = await login('admin@helpdesk.local', 'admin-dev-password');
    const requester = await login('requester1@helpdesk.local', 'requester-dev-password');
    const number = await fileTicket(requester, 'Access');
    const view = await assignedState(admin, number, 'manager-approval');
    const holder = view.task!.assignee!;
    const deactivated = await call('auth', 'PATCH', `/api/v1/users/${holder.id}`, admin, {
      active: false,
    });
    expect(deactivated.status).toBe(200);
    const moved = await eventually(async () => {
      const next = await assignedState(admin, number, 'manager-approval');
      expect(next.task!.assignee!.id).not.toBe(holder.id);
      return next;
    }, 30_000);
    expect(['manager1@helpdesk.local', 'manager2@helpdesk.local']).toContain(
      moved.task!.assignee!.email,
    );
    const next = await fileTicket(requester, 'Access');
    const nextView = await assignedState(admin, next, 'manager-approval');
    expect(nextView.task!.assignee!.id).toBe(moved.task!.assignee!.id);
  });

  it('replaces the coordinator of open tickets when they lose the coordinator role', async () => {
    const admin = await login('admin@helpdesk.local', 'admin-dev-password');
    const requester = await login('requester1@helpdesk.local', 'requester-dev-password');
    const number = await fileTicket(requester, 'Support');
    const coordinator = await eventually(async () => {
      const view = await assignedState(admin, number);
      expect(view.coordinator).not.toBeNull();
      return view.coordinator!;
    }, 30_000);
    const grant = { userId: coordinator.id, system: 'tts', role: 'Ticket Coordinator' };
    expect((await call('auth', 'DELETE', '/api/v1/user-system-roles', admin, grant)).status).toBe(
      204,
    );
    try {
      await eventually(async () => {
        const state = await call('workflow', 'GET', `/api/v1/tickets/${number}/state`, admin);
        expect((state.body as unknown as LifecycleView).coordinator?.id).not.toBe(coordinator.id);
      }, 30_000);
    } finally {
      await call('auth', 'POST', '/api/v1/user-system-roles', admin, grant);
    }
  });

  it('follows one ticket across services with one grep of its request id', async () => {
    const admin = await login('admin@helpdesk.local', 'admin-dev-password');
    const requester = await login('requester2@helpdesk.local', 'requester-dev-password');
    const requestId = `trace-${randomUUID()}`;
    const number = await fileTicket(requester, 'Support', requestId);
    await assignedState(admin, number, 'triage');
    const services = await eventually(() => {
      const lines = readFileSync(platform.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes(requestId));
      const names = new Set(lines.map((line) => (JSON.parse(line) as { service: string }).service));
      expect([...names]).toEqual(
        expect.arrayContaining(['ticket-api', 'messaging-api', 'notification-api']),
      );
      return names;
    }, 30_000);
    expect(services.size).toBeGreaterThanOrEqual(3);
  });
});
