import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from '../../infra/temporal/processes';
import type { ticketLifecycle } from '../../workflows';
import { actUpdate, type LifecycleView } from '../../workflows/messages';
import { LifecycleHarness, people, testDefinition } from '../support/lifecycle';
import { eventually } from '../support/platform';

const harness = new LifecycleHarness();

/** A port nobody listens on now (the worker's metrics endpoint must not clash with `npm start`'s). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real worker entry point as its own process, wired to this test file's world. */
function spawnWorkerProcess(metricsPort: number): ChildProcess {
  const { config } = harness;
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/temporal/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      WORKFLOW_DB: harness.database.name,
      AMQP_QUEUE_PREFIX: config.amqp.queuePrefix,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      WORKER_METRICS_PORT: String(metricsPort),
      AUTH_URL: harness.peers.url,
      TICKET_URL: harness.peers.url,
      MESSAGING_URL: harness.peers.url,
    },
    stdio: 'ignore',
  });
}

async function act(view: LifecycleView, action: 'approve' | 'resolve' | 'start') {
  const handle = harness.client.workflow.getHandle(`ticket-${view.ticketNumber}`);
  return handle.executeUpdate(actUpdate, {
    args: [{ actor: { userId: view.task!.assignee!.id, roles: ['IT Support'] }, action }],
  });
}

describe('workers', () => {
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  it('a worker process killed with SIGKILL mid-step: another worker finishes the ticket', async () => {
    const child = spawnWorkerProcess(await freePort());
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let replacement: Awaited<ReturnType<typeof harness.startWorker>> | undefined;
    try {
      const spec = await harness.deploy(testDefinition());
      const handle = await harness.startTicket(spec);
      const assigned = await harness.waitFor(handle, (v) => v.task?.assignee != null, 60_000);
      // Kill between activities, once the step's last one (its system comment) is done: a kill
      // mid-activity would make the replacement wait out that activity's start-to-close timeout.
      await eventually(() => {
        const posted = harness.peers.comments.get(String(assigned.ticketNumber)) ?? [];
        expect(posted.some((body) => body.includes('assigned to'))).toBe(true);
      }, 60_000);
      child.kill('SIGKILL');
      await exited;

      replacement = await harness.startWorker();
      const approved = await act(assigned, 'approve');
      await act(approved, 'resolve');
      expect((await handle.result()).status).toBe('resolved');
      const tasks = await harness.database
        .db('tasks')
        .where({ ticket_number: assigned.ticketNumber });
      expect(tasks.map((t: { step_key: string }) => t.step_key).sort()).toEqual(
        testDefinition()
          .steps.map((s) => s.key)
          .sort(),
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await replacement?.stop();
    }
  }, 90_000);

  it('two workers share one task queue: every step runs once and assignment stays fair', async () => {
    const workers = [await harness.startWorker(), await harness.startWorker()];
    try {
      const spec = await harness.deploy(testDefinition());
      const handles = await Promise.all(Array.from({ length: 8 }, () => harness.startTicket(spec)));
      for (const handle of handles) {
        const view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
        const approved = await act(view, 'approve');
        await act(approved, 'resolve');
      }
      const results = await Promise.all(handles.map((h) => h.result()));
      expect(results.every((r) => r.status === 'resolved')).toBe(true);

      expect(workers.every((w) => (w.calls.get('openTask') ?? 0) > 0)).toBe(true);
      const numbers = results.map((r) => r.ticketNumber);
      const tasks = await harness.database.db('tasks').whereIn('ticket_number', numbers);
      expect(tasks).toHaveLength(16);
      const perAgent = await harness.database
        .db('task_assignments')
        .whereIn(
          'task_id',
          tasks.map((t: { id: string }) => t.id),
        )
        .groupBy('user_id')
        .select('user_id')
        .count<{ user_id: string; count: string }[]>('* as count');
      expect(Object.fromEntries(perAgent.map((r) => [r.user_id, Number(r.count)]))).toEqual({
        [people.agent1.id]: 8,
        [people.agent2.id]: 8,
      });
    } finally {
      for (const worker of workers) await worker.stop();
    }
  }, 90_000);

  it('continues as new when the history grows long, carrying the step and its clock', async () => {
    const worker = await harness.startWorker();
    try {
      const spec = await harness.deploy(testDefinition());
      const handle = await harness.startTicket(spec, {}, { maxHistoryEvents: 60 });
      let view = await harness.waitFor(handle, (v) => v.task?.assignee != null);
      const firstRun = (await handle.describe()).runId;
      const deadline = view.task!.slaDeadline;
      for (let i = 0; i < 6; i += 1) {
        const other = view.task!.assignee!.id === people.agent1.id ? people.agent2 : people.agent1;
        view = await harness.client.workflow.getHandle(handle.workflowId).executeUpdate(actUpdate, {
          args: [
            {
              actor: { userId: view.task!.assignee!.id, roles: [] },
              action: 'transfer',
              targetUserId: other.id,
            },
          ],
        });
      }
      const latest = harness.client.workflow.getHandle<typeof ticketLifecycle>(handle.workflowId);
      await harness.waitFor(latest, () => true);
      const description = await latest.describe();
      expect(description.runId).not.toBe(firstRun);
      const carried = await harness.waitFor(latest, (v) => v.task !== null);
      expect(carried.task).toMatchObject({ taskId: view.task!.taskId, slaDeadline: deadline });
      const approved = await act(carried, 'approve');
      await act(approved, 'resolve');
      expect((await latest.result()).status).toBe('resolved');
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
