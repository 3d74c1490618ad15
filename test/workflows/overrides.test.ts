import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  overrideUpdate,
  REJECTIONS,
  userDeactivatedSignal,
  type OverrideRequest,
} from '../../workflows/messages';
import { admin, LifecycleHarness, people, testDefinition } from '../support/lifecycle';
import { eventually } from '../support/platform';

const harness = new LifecycleHarness();

async function ticketOnTriage() {
  const spec = await harness.deploy(testDefinition());
  const handle = await harness.startTicket(spec);
  const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
  return { handle, view };
}

describe('admin overrides and user deactivation', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
  });
  afterAll(() => harness.stop());

  it('reassigns to a chosen user and records who did it', async () => {
    const { handle, view } = await ticketOnTriage();
    const target = view.task!.assignee!.id === people.agent1.id ? people.agent2 : people.agent1;
    const result = await handle.executeUpdate(overrideUpdate, {
      args: [{ actor: admin, type: 'reassign', userId: target.id, reason: 'expertise' }],
    });
    expect(result.task?.assignee).toEqual(target);
    const override = harness.peers.eventsOf(view.ticketNumber).find((e) => e.type === 'override');
    expect(override).toMatchObject({
      actor: { kind: 'user', id: admin.userId },
      details: { type: 'reassign', reason: 'expertise' },
    });
    await handle.terminate();
  });

  it('forces a transition to a step, then to the end with a status', async () => {
    const { handle } = await ticketOnTriage();
    const moved = await handle.executeUpdate(overrideUpdate, {
      args: [{ actor: admin, type: 'force_transition', toStep: 'resolution' }],
    });
    expect(moved.task?.stepKey).toBe('resolution');
    const closed = await handle.executeUpdate(overrideUpdate, {
      args: [{ actor: admin, type: 'force_transition', toStep: null, ticketStatus: 'closed' }],
    });
    expect(closed).toMatchObject({ status: 'closed', task: null });
    expect((await handle.result()).status).toBe('closed');
  });

  it('puts on hold and resumes, and cancels', async () => {
    const { handle } = await ticketOnTriage();
    expect(
      (await handle.executeUpdate(overrideUpdate, { args: [{ actor: admin, type: 'hold' }] }))
        .status,
    ).toBe('on_hold');
    expect(
      (await handle.executeUpdate(overrideUpdate, { args: [{ actor: admin, type: 'resume' }] }))
        .status,
    ).toBe('open');
    expect(
      (
        await handle.executeUpdate(overrideUpdate, {
          args: [{ actor: admin, type: 'cancel', reason: 'duplicate' }],
        })
      ).status,
    ).toBe('cancelled');
    expect((await handle.result()).status).toBe('cancelled');
    const tasks = await harness.database
      .db('tasks')
      .where({ ticket_number: (await handle.result()).ticketNumber });
    expect(tasks.map((t: { status: string }) => t.status)).toEqual(['cancelled']);
  });

  it.each<[string, (assigneeId: string) => OverrideRequest, string, string]>([
    [
      'a non-admin',
      () => ({ actor: { userId: people.agent1.id, roles: ['IT Support'] }, type: 'hold' }),
      REJECTIONS.invalidOverride,
      'overrides need the admin role',
    ],
    [
      'resume when not on hold',
      () => ({ actor: admin, type: 'resume' }),
      REJECTIONS.invalidOverride,
      'the ticket is not on hold',
    ],
    [
      'the same priority',
      () => ({ actor: admin, type: 'change_priority', priority: 'high' }),
      REJECTIONS.invalidOverride,
      'priority is already high',
    ],
    [
      'an unknown step',
      () => ({ actor: admin, type: 'force_transition', toStep: 'nowhere' }),
      REJECTIONS.invalidOverride,
      'has no step nowhere',
    ],
    [
      'reassign to the current assignee',
      (id) => ({ actor: admin, type: 'reassign', userId: id }),
      REJECTIONS.invalidOverride,
      'already assigned to that user',
    ],
    [
      'reassign to someone outside the role',
      () => ({ actor: admin, type: 'reassign', userId: '4242' }),
      REJECTIONS.invalidTarget,
      'does not hold the role',
    ],
  ])('rejects %s with a reason', async (_case, request, type, message) => {
    const { handle, view } = await ticketOnTriage();
    const error = await handle
      .executeUpdate(overrideUpdate, { args: [request(view.task!.assignee!.id)] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause).toMatchObject({
      type,
      message: expect.stringContaining(message) as unknown,
    });
    expect((await harness.waitFor(handle, () => true)).status).toBe('open');
    await handle.terminate();
  });

  it('moves the ticket off a deactivated user, once per event id', async () => {
    const { handle, view } = await ticketOnTriage();
    const leaving = view.task!.assignee!;
    const staying = leaving.id === people.agent1.id ? people.agent2 : people.agent1;
    await harness.setRoleMembers('IT Support', [staying]);
    try {
      await handle.signal(userDeactivatedSignal, { eventId: 'evt-1', userId: leaving.id });
      await handle.signal(userDeactivatedSignal, { eventId: 'evt-1', userId: leaving.id });
      const moved = await harness.waitFor(handle, (v) => v.task?.assignee?.id === staying.id);
      expect(moved.task?.assignee).toEqual(staying);
      const assignedEvents = () =>
        harness.peers.eventsOf(view.ticketNumber).filter((e) => e.type === 'assigned');
      await eventually(() => expect(assignedEvents()).toHaveLength(2));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(assignedEvents()).toHaveLength(2);
    } finally {
      await harness.setRoleMembers('IT Support', [people.agent1, people.agent2]);
      await handle.terminate();
    }
  });
});
