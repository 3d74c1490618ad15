import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { ticketLifecycle } from '../../workflows';
import {
  actUpdate,
  overrideUpdate,
  reopenUpdate,
  type LifecycleView,
} from '../../workflows/messages';
import { admin, LifecycleHarness, testDefinition } from '../support/lifecycle';

/**
 * Records the replay fixtures of `replay.test.ts` from the lifecycle as it is now, named after a
 * version label. Run it (and commit the binary protobuf histories it writes) before a change to
 * the workflow that running tickets must survive:
 *   RECORD_HISTORIES=v3 npx jest test/workflows/recordHistories.test.ts
 * Skipped otherwise: the fixtures are evidence of an earlier version, not rewritten by every run.
 */
const HISTORIES_DIR = path.join(__dirname, 'histories');
const label = process.env.RECORD_HISTORIES;
const recording = label ? describe : describe.skip;
const harness = new LifecycleHarness();
type Handle = WorkflowHandle<typeof ticketLifecycle>;

async function save(name: string, handle: Handle, runId?: string): Promise<void> {
  const history = await harness.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(
    path.join(HISTORIES_DIR, `${label}-${name}.binpb`),
    temporal.api.history.v1.History.encode(history).finish(),
  );
}

async function act(handle: Handle, view: LifecycleView, action: string): Promise<LifecycleView> {
  return harness.client.workflow.getHandle(handle.workflowId).executeUpdate(actUpdate, {
    args: [{ actor: { userId: view.task!.assignee!.id, roles: [] }, action }],
  });
}

async function assignedTicket(slaSeconds = 3600, options = {}, reopenWindowSeconds = 0) {
  const spec = await harness.deploy(testDefinition({ reopenWindowSeconds }, slaSeconds));
  const handle = await harness.startTicket(spec, {}, options);
  const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
  return { handle, view };
}

recording('records lifecycle histories for the replay tests', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
  });
  afterAll(() => harness.stop());

  it('a two-step ticket resolved', async () => {
    const { handle, view } = await assignedTicket();
    await act(handle, view, 'start');
    const approved = await act(handle, view, 'approve');
    await act(handle, approved, 'resolve');
    await handle.result();
    await save('two-step-resolved', handle);
  });

  it('a resolved ticket reopened by its requester, resolved again and closed after its window', async () => {
    const { handle, view } = await assignedTicket(3600, {}, 3);
    const approved = await act(handle, view, 'approve');
    await act(handle, approved, 'resolve');
    const reopened = await handle.executeUpdate(reopenUpdate, {
      args: [{ actorId: '900', via: 'reply' }],
    });
    await act(handle, reopened, 'resolve');
    await handle.result();
    await save('reopened-then-closed', handle);
  });

  it('a ticket escalated on breach, then cancelled', async () => {
    const { handle } = await assignedTicket(4);
    await harness.waitFor(handle, (v) => v.task?.role === 'Manager', 15_000);
    await handle.executeUpdate(overrideUpdate, { args: [{ actor: admin, type: 'cancel' }] });
    await handle.result();
    await save('escalated-on-breach', handle);
  });

  it('a ticket held, resumed and resolved', async () => {
    const { handle, view } = await assignedTicket();
    const holder = { userId: view.task!.assignee!.id, roles: [] };
    await handle.executeUpdate(actUpdate, { args: [{ actor: holder, action: 'hold' }] });
    await handle.executeUpdate(actUpdate, { args: [{ actor: holder, action: 'resume' }] });
    const approved = await act(handle, view, 'approve');
    await act(handle, approved, 'resolve');
    await handle.result();
    await save('held-and-resumed', handle);
  });

  it('a ticket steered by admin overrides', async () => {
    const { handle, view } = await assignedTicket();
    const other = view.task!.assignee!.id === '101' ? '102' : '101';
    const overrides = [
      { type: 'reassign', userId: other, reason: 'expertise' },
      { type: 'change_priority', priority: 'critical', reason: 'VIP' },
      { type: 'force_transition', toStep: 'resolution' },
      { type: 'force_transition', toStep: null, ticketStatus: 'closed' },
    ] as const;
    for (const override of overrides) {
      await handle.executeUpdate(overrideUpdate, { args: [{ actor: admin, ...override }] });
    }
    await handle.result();
    await save('admin-overrides', handle);
  });

  it('a ticket that continued as new', async () => {
    const { handle, view: assigned } = await assignedTicket(3600, { maxHistoryEvents: 60 });
    const firstRun = (await handle.describe()).runId;
    let view = assigned;
    for (let i = 0; i < 6; i += 1) {
      const other = view.task!.assignee!.id === '101' ? '102' : '101';
      view = await harness.client.workflow.getHandle(handle.workflowId).executeUpdate(actUpdate, {
        args: [
          {
            actor: { userId: view.task!.assignee!.id, roles: [] },
            action: 'transfer',
            targetUserId: other,
          },
        ],
      });
    }
    const latest = harness.client.workflow.getHandle<typeof ticketLifecycle>(handle.workflowId);
    const carried = await harness.waitFor(latest, (v) => v.task !== null);
    const approved = await act(latest, carried, 'approve');
    await act(latest, approved, 'resolve');
    await latest.result();
    await save('continued-as-new-first-run', handle, firstRun);
    await save('continued-as-new-last-run', latest);
  });
});
