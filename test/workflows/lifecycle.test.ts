import { WorkflowUpdateFailedError } from '@temporalio/client';
import { LifecycleClient } from '../../api/shared/lifecycleClient';
import { actUpdate, REJECTIONS } from '../../workflows/messages';
import { LifecycleHarness, people, testDefinition } from '../support/lifecycle';
import { eventually, uniqueSuffix } from '../support/platform';

const harness = new LifecycleHarness();
const actor = (person: { id: string }, roles = ['IT Support']) => ({ userId: person.id, roles });

async function rejectionOf(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as { type?: string; message: string };
      return { type: cause.type, message: cause.message };
    }
    throw error;
  }
  throw new Error('expected the update to be rejected');
}

describe('ticketLifecycle on the real Temporal server', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
  });
  afterAll(() => harness.stop());

  it('routes, assigns, moves along transitions on actions and closes the ticket', async () => {
    const spec = await harness.deploy(testDefinition());
    const handle = await harness.startTicket(spec);
    const assigned = await harness.waitFor(
      handle,
      (v) => v.task?.assignee !== null && v.task !== null,
    );
    expect(assigned).toMatchObject({
      status: 'open',
      coordinator: people.coordinator,
      task: { stepKey: 'triage' },
    });
    const first = assigned.task!.assignee!;

    await handle.executeUpdate(actUpdate, { args: [{ actor: actor(first), action: 'start' }] });
    const approved = await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor(first), action: 'approve', notes: 'looks real' }],
    });
    expect(approved.task).toMatchObject({ stepKey: 'resolution', role: 'IT Support' });
    const second = approved.task!.assignee!;
    expect(second.id).not.toBe(first.id);

    await handle.executeUpdate(actUpdate, { args: [{ actor: actor(second), action: 'resolve' }] });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'resolved', task: null });

    const events = harness.peers.eventsOf(result.ticketNumber);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['created', { kind: 'system' }],
      ['routed', { kind: 'system' }],
      ['assigned', { kind: 'system' }],
      ['status_changed', { kind: 'user', id: first.id }],
      ['status_changed', { kind: 'user', id: first.id }],
      ['assigned', { kind: 'system' }],
      ['closed', { kind: 'user', id: second.id }],
    ]);
    const tasks = await harness.database
      .db('tasks')
      .where({ ticket_number: result.ticketNumber })
      .orderBy('id');
    expect(
      tasks.map((t: { step_key: string; status: string; last_action: string }) => [
        t.step_key,
        t.status,
        t.last_action,
      ]),
    ).toEqual([
      ['triage', 'completed', 'approve'],
      ['resolution', 'completed', 'resolve'],
    ]);
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({
      TicketStatus: ['resolved'],
      Priority: ['high'],
    });
  });

  it('publishes assignment notifications by email and in-app with stable ids', async () => {
    await harness.takeNotifications('notification');
    await harness.takeNotifications('inappNotification');
    const spec = await harness.deploy(testDefinition());
    const handle = await harness.startTicket(spec);
    const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const email = await harness.waitForNotifications('notification', 1);
    const inapp = await harness.waitForNotifications('inappNotification', 1);
    expect(email).toEqual([
      expect.objectContaining({
        type: 'assignment',
        recipient: {
          userId: view.task!.assignee!.id,
          email: view.task!.assignee!.email,
          name: view.task!.assignee!.name,
        },
        data: expect.objectContaining({
          ticketNumber: view.ticketNumber,
          step: 'Triage',
          role: 'IT Support',
        }) as unknown,
      }),
    ]);
    expect(inapp.map((m) => m.type)).toEqual(['assignment']);
    await eventually(() =>
      expect(harness.peers.comments.get(view.ticketNumber)?.[0]).toContain(
        view.task!.assignee!.name,
      ),
    );
    await handle.terminate();
  });

  it('hands out steps round-robin across tickets', async () => {
    const spec = await harness.deploy(testDefinition());
    const handles = [];
    for (let i = 0; i < 4; i += 1) {
      const handle = await harness.startTicket(spec);
      handles.push(handle);
      await harness.waitFor(handle, (v) => v.task?.assignee != null);
    }
    const assignees = await Promise.all(
      handles.map(async (h) => (await harness.waitFor(h, () => true)).task!.assignee!.id),
    );
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([people.agent1.id, people.agent2.id]));
    expect(assignees[2]).toBe(assignees[0]);
    expect(assignees[3]).toBe(assignees[1]);
    await Promise.all(handles.map((h) => h.terminate()));
  });

  it('shows operators the ticket in the Web UI’s current details, kept current', async () => {
    const spec = await harness.deploy(testDefinition());
    const handle = await harness.startTicket(spec, { subject: 'Toner <b>everywhere</b>' });
    const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const details = async () =>
      (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata'))
        .currentDetails;
    const assigned = await details();
    expect(assigned).toContain(
      `**Step** Triage (role IT Support) · **Assignee** ${view.task!.assignee!.name}`,
    );
    expect(assigned).toContain('**Subject** Toner \\<b\\>everywhere\\</b\\>');
    expect(assigned).toContain(`**SLA deadline** ${view.task!.slaDeadline}`);
    expect(assigned).toContain(`**Coordinator** ${people.coordinator.name}`);
    const agent = actor(view.task!.assignee!);
    await handle.executeUpdate(actUpdate, { args: [{ actor: agent, action: 'start' }] });
    await handle.executeUpdate(actUpdate, { args: [{ actor: agent, action: 'approve' }] });
    await eventually(async () => expect(await details()).toContain('**Step** Resolution'));
    await handle.terminate();
  });

  it.each([2, 3])('hands out ticket coordinators round-robin over %i holders', async (size) => {
    const role = `Coordinators ${uniqueSuffix()}`;
    const holders = [people.coordinator, people.coordinator2, people.coordinator3].slice(0, size);
    const count = size + 1;
    await harness.setRoleMembers(role, holders);
    const spec = await harness.deploy(testDefinition({ coordinatorRole: role }));
    const chosen: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const handle = await harness.startTicket(spec);
      const view = await harness.waitFor(handle, (v) => v.coordinator !== null);
      chosen.push(view.coordinator!.id);
      const run = await harness.database
        .db('ticket_runs')
        .where({ ticket_number: view.ticketNumber })
        .first<{ coordinator_id: string }>('coordinator_id');
      expect(run.coordinator_id).toBe(view.coordinator!.id);
      await handle.terminate();
    }
    const ids = holders.map((holder) => holder.id);
    expect(chosen).toEqual([...ids, ...ids].slice(0, count));
  });

  it('follows named transitions back to an earlier step, refusing blank notes where they are required', async () => {
    const base = testDefinition();
    const spec = await harness.deploy({
      ...base,
      transitions: [
        ...base.transitions,
        {
          from: 'resolution',
          action: 'send_back',
          label: 'Send back to triage',
          to: 'triage',
          ticketStatus: 'in_progress',
          notesRequired: true,
        },
      ],
    });
    const handle = await harness.startTicket(spec);
    const assigned = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const first = assigned.task!.assignee!;
    const approved = await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor(first), action: 'approve' }],
    });
    expect(approved.task!.transitions).toEqual([
      { action: 'resolve', label: 'Resolve', notesRequired: false },
      { action: 'send_back', label: 'Send back to triage', notesRequired: true },
    ]);
    const second = approved.task!.assignee!;
    const blank = await rejectionOf(
      handle.executeUpdate(actUpdate, {
        args: [{ actor: actor(second), action: 'send_back', notes: '  ' }],
      }),
    );
    expect(blank).toEqual({
      type: REJECTIONS.notesRequired,
      message: 'send_back on step resolution needs notes saying why',
    });

    const sentBack = await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor(second), action: 'send_back', notes: 'wrong category' }],
    });
    expect(sentBack).toMatchObject({ status: 'open', task: { stepKey: 'triage' } });
    const again = await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor(sentBack.task!.assignee!), action: 'reject' }],
    });
    expect(again).toMatchObject({ status: 'rejected', task: null });
    const tasks = await harness.database
      .db('tasks')
      .where({ ticket_number: assigned.ticketNumber })
      .orderBy('id');
    expect(
      tasks.map((t: { step_key: string; last_action: string; notes: string | null }) => [
        t.step_key,
        t.last_action,
        t.notes,
      ]),
    ).toEqual([
      ['triage', 'approve', null],
      ['resolution', 'send_back', 'wrong category'],
      ['triage', 'reject', null],
    ]);
  });

  it('rejects actions the step does not allow, and actors who are not the assignee', async () => {
    const spec = await harness.deploy(testDefinition());
    const handle = await harness.startTicket(spec);
    const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const assignee = view.task!.assignee!;
    const other = assignee.id === people.agent1.id ? people.agent2 : people.agent1;

    expect(
      await rejectionOf(
        handle.executeUpdate(actUpdate, { args: [{ actor: actor(assignee), action: 'resolve' }] }),
      ),
    ).toEqual({
      type: REJECTIONS.notAllowed,
      message: expect.stringContaining('resolve is not allowed on step triage') as unknown,
    });
    expect(
      await rejectionOf(
        handle.executeUpdate(actUpdate, { args: [{ actor: actor(other), action: 'approve' }] }),
      ),
    ).toMatchObject({
      type: REJECTIONS.notAssignee,
    });
    expect(
      await rejectionOf(
        handle.executeUpdate(actUpdate, { args: [{ actor: actor(assignee), action: 'resume' }] }),
      ),
    ).toMatchObject({
      type: REJECTIONS.notAllowed,
      message: 'the ticket is not on hold',
    });
    expect(
      await rejectionOf(
        handle.executeUpdate(actUpdate, {
          args: [{ actor: actor(assignee), action: 'transfer', targetUserId: '999' }],
        }),
      ),
    ).toMatchObject({
      type: REJECTIONS.invalidTarget,
      message: expect.stringContaining('does not hold the role') as unknown,
    });
    await handle.terminate();
  });

  it('transfers to a colleague and escalates to the escalation role on request', async () => {
    const spec = await harness.deploy(testDefinition());
    const handle = await harness.startTicket(spec);
    const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const assignee = view.task!.assignee!;
    const colleague = assignee.id === people.agent1.id ? people.agent2 : people.agent1;

    const transferred = await handle.executeUpdate(actUpdate, {
      args: [
        { actor: actor(assignee), action: 'transfer', targetUserId: colleague.id, notes: 'yours' },
      ],
    });
    expect(transferred.task?.assignee).toEqual(colleague);

    const escalated = await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor(colleague), action: 'escalate', reason: 'needs budget' }],
    });
    expect(escalated.task).toMatchObject({ role: 'Manager', assignee: people.manager });
    const items = await harness.database
      .db('task_assignments')
      .where({ task_id: escalated.task!.taskId })
      .orderBy('id')
      .select('user_id', 'origin', 'status');
    expect(items).toEqual([
      { user_id: assignee.id, origin: 'system', status: 'reassigned' },
      { user_id: colleague.id, origin: 'transferred', status: 'escalated' },
      { user_id: people.manager.id, origin: 'escalation', status: 'new' },
    ]);
    await handle.terminate();
  });

  it('waits as unrouted when no definition matches, and routes once one is deployed', async () => {
    await harness.takeNotifications('inappNotification');
    const spec = testDefinition();
    const handle = await harness.startTicket(spec);
    await harness.waitFor(handle, (v) => v.status === 'unrouted');
    expect(
      (await harness.waitForNotifications('inappNotification', 1)).map((m) => [
        m.type,
        m.recipient.userId,
      ]),
    ).toEqual([['unrouted_ticket', people.admin.id]]);
    await harness.deploy(spec);
    await new LifecycleClient(harness.client).rerouteUnrouted(`deploy-${spec.category}`);
    const routed = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    expect(routed.definition).not.toBeNull();
    await handle.terminate();
  });

  it('leaves a step unassigned when nobody holds the role, then assigns when someone does', async () => {
    const spec = await harness.deploy(
      testDefinition({
        steps: [
          { key: 'triage', name: 'Triage', role: 'Nobody Yet', weight: 0.5 },
          { key: 'resolution', name: 'Resolution', role: 'IT Support', weight: 0.5 },
        ],
      }),
    );
    const handle = await harness.startTicket(spec, {}, { retryAssignmentAfterMs: 500 });
    await harness.waitFor(handle, (v) => v.task !== null && v.task.assignee === null);
    await harness.setRoleMembers('Nobody Yet', [people.manager]);
    const view = await harness.waitFor(handle, (v) => v.task?.assignee?.id === people.manager.id);
    expect(view.task?.role).toBe('Nobody Yet');
    await handle.terminate();
  });
});
