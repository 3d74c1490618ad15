import type { WorkflowHandle } from '@temporalio/client';
import { LifecycleClient } from '../../api/shared/lifecycleClient';
import { ConflictError } from '../../domain/errors';
import type { ticketLifecycle } from '../../workflows';
import { actUpdate, reopenUpdate, type LifecycleView } from '../../workflows/messages';
import { LifecycleHarness, people, testDefinition } from '../support/lifecycle';
import { eventually } from '../support/platform';

const harness = new LifecycleHarness();
const actor = (person: { id: string }) => ({ userId: person.id, roles: ['IT Support'] });
const REQUESTER = '900';

/** Walks a new ticket to resolved; answers the resolving update's view and the resolver. */
async function resolve(
  handle: WorkflowHandle<typeof ticketLifecycle>,
): Promise<{ view: LifecycleView; resolver: string }> {
  let view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
  if (view.task!.stepKey === 'triage') {
    view = await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor(view.task!.assignee!), action: 'approve' }],
    });
  }
  const resolver = view.task!.assignee!.id;
  const resolved = await handle.executeUpdate(actUpdate, {
    args: [{ actor: actor({ id: resolver }), action: 'resolve' }],
  });
  return { view: resolved, resolver };
}

describe('a resolved ticket waits for its requester on a durable timer', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
  });
  afterAll(() => harness.stop());

  it('reopens on its last step with its last assignee and a new SLA clock, then closes when the window passes', async () => {
    const spec = await harness.deploy(testDefinition({ reopenWindowSeconds: 4 }));
    const handle = await harness.startTicket(spec);
    const { view: resolved, resolver } = await resolve(handle);
    expect(resolved).toMatchObject({ status: 'resolved', task: null });
    expect(Date.parse(resolved.reopenUntil!)).toBeGreaterThan(Date.now());
    const number = resolved.ticketNumber;
    const closedEvent = await harness.waitForEvent(number, 'closed');
    expect(closedEvent).toMatchObject({
      status: 'resolved',
      details: { outcome: 'resolved' },
      reopenUntil: resolved.reopenUntil,
    });

    // Agents cannot act on a resolved ticket.
    await expect(
      handle.executeUpdate(actUpdate, {
        args: [{ actor: actor({ id: resolver }), action: 'start' }],
      }),
    ).rejects.toThrow();

    const reopened = await handle.executeUpdate(reopenUpdate, {
      args: [{ actorId: REQUESTER, via: 'reply' }],
    });
    expect(reopened).toMatchObject({
      status: 'open',
      reopenUntil: null,
      task: { stepKey: 'resolution', assignee: { id: resolver }, slaBreached: false },
    });
    // A fresh clock: the high priority's resolution step gets half of 3600 s from now.
    expect(Date.parse(reopened.task!.slaDeadline!)).toBeGreaterThan(Date.now() + 1700_000);
    await eventually(() =>
      expect(harness.peers.eventsOf(number).map((e) => e.type)).toContain('reopened'),
    );
    const reopenedEvent = harness.peers.eventsOf(number).find((e) => e.type === 'reopened')!;
    expect(reopenedEvent).toMatchObject({
      status: 'open',
      actor: { kind: 'user', id: REQUESTER },
      details: { via: 'reply' },
      reopenUntil: null,
    });
    const tasks = await harness.database
      .db('tasks')
      .where({ ticket_number: number })
      .orderBy('id')
      .select('step_key', 'status');
    expect(tasks).toEqual([
      { step_key: 'triage', status: 'completed' },
      { step_key: 'resolution', status: 'completed' },
      { step_key: 'resolution', status: 'pending' },
    ]);

    // Resolved again, nobody comes back: the window passes and the ticket closes for good.
    await handle.executeUpdate(actUpdate, {
      args: [{ actor: actor({ id: resolver }), action: 'resolve' }],
    });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', task: null, reopenUntil: null });
    const events = harness.peers.eventsOf(number);
    expect(events.filter((e) => e.type === 'closed').map((e) => e.details?.outcome)).toEqual([
      'resolved',
      'resolved',
      'closed',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'closed', status: 'closed', reopenUntil: null });
    expect((await handle.describe()).searchAttributes).toMatchObject({
      TicketStatus: ['closed'],
    });

    const lifecycles = new LifecycleClient(harness.client);
    await expect(lifecycles.reopen(number, { actorId: REQUESTER, via: 'request' })).rejects.toEqual(
      expect.objectContaining({ status: 409, field: 'status' }) as unknown,
    );
  });

  it('goes round-robin when the last assignee no longer holds the role, and refuses a reopen of an open ticket', async () => {
    const spec = await harness.deploy(testDefinition({ reopenWindowSeconds: 60 }));
    const handle = await harness.startTicket(spec);
    const lifecycles = new LifecycleClient(harness.client);
    const open = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const refused = await lifecycles
      .reopen(open.ticketNumber, { actorId: REQUESTER, via: 'request' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).field).toBe('status');
    expect((refused as ConflictError).message).toContain('is open');
    // A reply to a ticket another reply has just reopened is welcome, and changes nothing.
    const replied = await lifecycles.reopen(open.ticketNumber, {
      actorId: REQUESTER,
      via: 'reply',
    });
    expect(replied).toMatchObject({ status: 'open', task: { taskId: open.task!.taskId } });

    const { resolver } = await resolve(handle);
    const other = [people.agent1, people.agent2].find((p) => p.id !== resolver)!;
    const members = harness.peers.members.get('tts/IT Support')!;
    await harness.setRoleMembers('IT Support', [other]);
    try {
      const request = {
        actorId: people.admin.id,
        via: 'staff',
        reason: 'customer called back',
      } as const;
      const reopened = await lifecycles.reopen(open.ticketNumber, request, 'reopen:1:key-1');
      expect(reopened.task).toMatchObject({ stepKey: 'resolution', assignee: { id: other.id } });
      // The same request again (a retried Idempotency-Key) answers as the first did.
      const again = await lifecycles.reopen(open.ticketNumber, request, 'reopen:1:key-1');
      expect(again.task?.taskId).toBe(reopened.task!.taskId);
    } finally {
      await harness.setRoleMembers('IT Support', members);
    }
    await handle.terminate();
  });
});
