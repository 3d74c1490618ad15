import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../infra/temporal/processes';
import { admin, LifecycleHarness, people, testDefinition } from '../support/lifecycle';
import { eventually } from '../support/platform';

const harness = new LifecycleHarness();
const TEMPORAL_CLI = path.join(ROOT, '.temporal/bin/temporal');

/** What an operator types: `temporal workflow signal --name override --input '{…}'`. */
async function signalFromCli(workflowId: string, input: string): Promise<void> {
  await promisify(execFile)(TEMPORAL_CLI, [
    'workflow',
    'signal',
    '--address',
    harness.config.temporal.address,
    '--namespace',
    harness.config.temporal.namespace,
    '--workflow-id',
    workflowId,
    '--name',
    'override',
    '--input',
    input,
  ]);
}

async function ticketOnTriage() {
  const spec = await harness.deploy(testDefinition());
  const handle = await harness.startTicket(spec);
  const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
  return { handle, view };
}

describe('admin overrides sent as signals from the temporal CLI', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
  });
  afterAll(() => harness.stop());

  it('applies an override signal from an admin, recorded as theirs', async () => {
    const { handle, view } = await ticketOnTriage();
    await signalFromCli(
      handle.workflowId,
      JSON.stringify({ adminId: admin.userId, type: 'hold', reason: 'waiting on vendor' }),
    );
    await harness.waitFor(handle, (v) => v.status === 'on_hold');
    await signalFromCli(
      handle.workflowId,
      JSON.stringify({ adminId: admin.userId, type: 'change_priority', priority: 'low' }),
    );
    await harness.waitFor(handle, (v) => v.priority === 'low');
    // The state query can show the change a moment before its history event is recorded.
    await eventually(() => {
      const overrides = harness.peers
        .eventsOf(view.ticketNumber)
        .filter((event) => event.type === 'override');
      expect(overrides.map((e) => [e.actor, e.details])).toEqual([
        [
          { kind: 'user', id: admin.userId },
          { type: 'hold', reason: 'waiting on vendor' },
        ],
        [{ kind: 'user', id: admin.userId }, { type: 'change_priority' }],
      ]);
    });
    await handle.terminate();
  });

  it('refuses a signal naming someone who is not an admin: history says why, and they are not mailed the ticket', async () => {
    const { handle, view } = await ticketOnTriage();
    await harness.takeNotifications('inappNotification');
    await signalFromCli(
      handle.workflowId,
      JSON.stringify({ adminId: people.agent1.id, type: 'cancel' }),
    );
    const refused = await harness.waitForEvent(view.ticketNumber, 'override_refused');
    expect(refused.details).toEqual({
      adminId: people.agent1.id,
      reason: `user ${people.agent1.id} is not an active admin of tts`,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      (await harness.takeNotifications('inappNotification')).filter(
        (m) => m.type === 'override_refused',
      ),
    ).toEqual([]);
    expect((await harness.waitFor(handle, () => true)).status).toBe('open');
    await handle.terminate();
  });

  it('refuses what the Update would refuse, and survives payloads that are not overrides', async () => {
    const { handle, view } = await ticketOnTriage();
    const assignee = view.task!.assignee!.id;
    await harness.takeNotifications('inappNotification');
    for (const input of [
      JSON.stringify({ adminId: admin.userId, type: 'reassign', userId: assignee }),
      JSON.stringify({ adminId: admin.userId, type: 'reassign', userId: people.manager.id }),
      JSON.stringify({ adminId: admin.userId, type: 'hold', reason: 'nul \u0000 here' }),
      JSON.stringify({ adminId: admin.userId, type: 'explode' }),
      JSON.stringify('just a string'),
      JSON.stringify({ adminId: '1; drop table', type: 'cancel' }),
    ]) {
      await signalFromCli(handle.workflowId, input);
    }
    const reasons = await eventually(() => {
      const found = harness.peers
        .eventsOf(view.ticketNumber)
        .filter((e) => e.type === 'override_refused')
        .map((e) => e.details?.reason);
      if (found.length < 6) throw new Error(`${found.length} refusals so far`);
      return found;
    });
    expect(reasons).toEqual([
      'the task is already assigned to that user',
      `user ${people.manager.id} does not hold the role IT Support`,
      'invalid override signal: reason: a NUL character or a lone surrogate',
      expect.stringMatching(/^invalid override signal: type: /),
      expect.stringMatching(/^invalid override signal: /),
      expect.stringMatching(/^invalid override signal: adminId: /),
    ]);
    const after = await harness.waitFor(handle, () => true);
    expect(after).toMatchObject({ status: 'open', task: { assignee: { id: assignee } } });
    expect(harness.peers.eventsOf(view.ticketNumber).map((e) => e.type)).not.toContain('override');
    const told = await harness.waitForNotifications('inappNotification', 4);
    expect(told.map((m) => [m.type, m.recipient.userId])).toEqual(
      Array.from({ length: 4 }, () => ['override_refused', admin.userId]),
    );
    await handle.terminate();
  });
});
