import { spawn, type ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createProbeActivities } from '../../activities/probe';
import type { Broker } from '../../infra/amqp/broker';
import { runPlatformProbe } from '../../platform/probe';
import { temporalUiSpec } from '../../infra/temporal/processes';
import { createTicketWorker } from '../../workers/temporal/worker';
import {
  connectTestBroker,
  connectTestClient,
  createTestDatabase,
  deleteTestTopology,
  testConfig,
  workflowBundle,
  type TestDatabase,
} from '../support/platform';

const config = testConfig({ TEMPORAL_UI_PORT: String(18_233 + Math.floor(Math.random() * 500)) });

describe('walking skeleton: Temporal → worker → activity → Postgres + RabbitMQ', () => {
  let database: TestDatabase;
  let broker: Broker;
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase(config, 'workflow');
    broker = await connectTestBroker(config);
    client = await connectTestClient(config);
    connection = await NativeConnection.connect({ address: config.temporal.address });
    worker = await createTicketWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createProbeActivities({ workflowDb: database.db, broker }),
      workflowBundle: workflowBundle(),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await deleteTestTopology(broker);
    await broker.close();
    await client.connection.close();
    await database.drop();
  });

  it('runs a workflow whose activity writes a row and publishes a message a consumer receives', async () => {
    const probe = await runPlatformProbe(client, broker, config.temporal.taskQueue);

    const row = await database
      .db<{ id: string; workflow_id: string }>('platform_probes')
      .where({ id: probe.probeId })
      .first();
    expect(row).toMatchObject({ id: probe.probeId, workflow_id: probe.workflowId });
    const description = await client.workflow.getHandle(probe.workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.taskQueue).toBe(config.temporal.taskQueue);
  });

  it('is idempotent: the activity running twice leaves one row', async () => {
    const activities = createProbeActivities({ workflowDb: database.db, broker });
    const record = { probeId: '6f1d7a52-0a57-4c2a-9a43-5b8f0a3e2c11', workflowId: 'probe-twice' };
    await activities.recordProbe(record);
    await activities.recordProbe(record);
    const rows = await database.db('platform_probes').where({ id: record.probeId });
    expect(rows).toHaveLength(1);
  });

  describe('Temporal Web UI', () => {
    let ui: ChildProcess;
    const uiUrl = `http://127.0.0.1:${config.temporal.uiPort}`;

    beforeAll(async () => {
      const spec = temporalUiSpec(config);
      ui = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      ui.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      ui.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`${uiUrl}/api/v1/settings`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        if (ui.exitCode !== null || Date.now() > deadline) {
          throw new Error(`Temporal UI did not start (exit ${String(ui.exitCode)}):\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }, 70_000);

    afterAll(() => {
      ui.kill('SIGTERM');
    });

    it('serves its page and lists the probe workflow through its API', async () => {
      const probe = await runPlatformProbe(client, broker, config.temporal.taskQueue);

      const page = await fetch(`${uiUrl}/namespaces/${config.temporal.namespace}/workflows`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');

      const query = encodeURIComponent(`WorkflowId="${probe.workflowId}"`);
      const listed = (await (
        await fetch(
          `${uiUrl}/api/v1/namespaces/${config.temporal.namespace}/workflows?query=${query}`,
        )
      ).json()) as { executions?: { execution: { workflowId: string }; type: { name: string } }[] };
      expect(listed.executions?.map((e) => [e.execution.workflowId, e.type.name])).toEqual([
        [probe.workflowId, 'platformProbe'],
      ]);
    });
  });
});
