import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import { RoleMemberReplica } from '../../activities/roleReplica';
import { DefinitionStore } from '../../api/workflow/definitionStore';
import type { DefinitionSpec } from '../../domain/definitionSchema';
import type { NotificationMessage } from '../../domain/notifications';
import { ticketWorkflowId, type TicketEvent, type TicketSnapshot } from '../../domain/tickets';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import type { PlatformConfig } from '../../infra/config/config';
import { createTicketWorker } from '../../workers/temporal/worker';
import type { LifecycleOptions } from '../../workflows/lifecycle/state';
import type { Person } from '../../domain/people';
import { stateQuery, type LifecycleView } from '../../workflows/messages';
import type { ticketLifecycle } from '../../workflows';
import { startPeerServices, type PeerServices } from './peerServices';
import {
  eventually,
  connectTestBroker,
  connectTestClient,
  createTestDatabase,
  deleteTestTopology,
  terminateTestWorkflows,
  testConfig,
  uniqueSuffix,
  workflowBundle,
  type TestDatabase,
} from './platform';

export const people = {
  agent1: { id: '101', email: 'agent1@example.test', name: 'Agent One' },
  agent2: { id: '102', email: 'agent2@example.test', name: 'Agent Two' },
  manager: { id: '201', email: 'manager@example.test', name: 'Manager' },
  coordinator: { id: '301', email: 'coord@example.test', name: 'Coordinator' },
  coordinator2: { id: '302', email: 'coord2@example.test', name: 'Coordinator Two' },
  coordinator3: { id: '303', email: 'coord3@example.test', name: 'Coordinator Three' },
  admin: { id: '1', email: 'admin@example.test', name: 'Admin' },
} satisfies Record<string, Person>;

export const admin = { userId: people.admin.id, roles: ['admin', 'agent'] };

/** A two-step definition (triage → resolution) with SLA targets in seconds for tests. */
export function testDefinition(
  overrides: Partial<DefinitionSpec> = {},
  slaSeconds = 3600,
): DefinitionSpec {
  return {
    name: 'Test support',
    description: '',
    department: 'IT',
    category: `Cat-${uniqueSuffix()}`,
    system: 'tts',
    sla: {
      low: slaSeconds * 4,
      medium: slaSeconds * 2,
      high: slaSeconds,
      critical: slaSeconds / 2,
    },
    warningRatio: 0.75,
    coordinatorRole: 'Ticket Coordinator',
    startStep: 'triage',
    steps: [
      { key: 'triage', name: 'Triage', role: 'IT Support', weight: 0.5, escalateTo: 'Manager' },
      { key: 'resolution', name: 'Resolution', role: 'IT Support', weight: 0.5 },
    ],
    transitions: [
      { from: 'triage', action: 'approve', to: 'resolution', ticketStatus: 'in_progress' },
      { from: 'triage', action: 'reject', to: null, ticketStatus: 'rejected' },
      { from: 'resolution', action: 'resolve', to: null, ticketStatus: 'resolved' },
    ],
    endLogic: { notifyRequester: true },
    // Resolution is final unless a test asks for a reopen window (in seconds).
    reopenWindowSeconds: 0,
    ...overrides,
  };
}

export interface RunningWorker {
  worker: Worker;
  /** Activity executions on this worker, by activity name. */
  calls: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * One lifecycle test file's world: its own workflow database, queue prefix and task queue, the
 * peer services stand-in, and workers running the real activities on the real Temporal server.
 */
export class LifecycleHarness {
  readonly config: PlatformConfig = testConfig();
  database!: TestDatabase;
  broker!: Broker;
  client!: Client;
  peers!: PeerServices;
  definitions!: DefinitionStore;
  private workers: RunningWorker[] = [];

  async start(): Promise<void> {
    this.database = await createTestDatabase(this.config, 'workflow');
    this.broker = await connectTestBroker(this.config);
    this.client = await connectTestClient(this.config);
    this.peers = await startPeerServices();
    this.definitions = new DefinitionStore(this.database.db);
    this.peers.members.set('tts/IT Support', [people.agent1, people.agent2]);
    this.peers.members.set('tts/Manager', [people.manager]);
    this.peers.members.set('tts/Ticket Coordinator', [people.coordinator]);
    this.peers.members.set('tts/admin', [people.admin]);
  }

  /**
   * Who holds `role` in tts from now on: the auth stand-in answers so, and the workflow service's
   * replica forgets the role, as its sync consumer does when auth announces the change.
   */
  async setRoleMembers(role: string, holders: Person[]): Promise<void> {
    this.peers.members.set(`tts/${role}`, holders);
    await new RoleMemberReplica(this.database.db).dropRole('tts', role);
  }

  async stop(): Promise<void> {
    for (const running of [...this.workers]) await running.stop();
    await this.peers.stop();
    await terminateTestWorkflows(this.client, this.config.temporal.taskQueue);
    await deleteTestTopology(this.broker);
    await this.broker.close();
    await this.client.connection.close();
    await this.database.drop();
  }

  async startWorker(): Promise<RunningWorker> {
    const activities = createActivities({
      workflowDb: this.database.db,
      broker: this.broker,
      ...this.peers.clients,
    });
    const calls = new Map<string, number>();
    const counted = Object.fromEntries(
      Object.entries(activities).map(([name, fn]) => [
        name,
        (...args: unknown[]) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        },
      ]),
    ) as Activities;
    const connection = await NativeConnection.connect({ address: this.config.temporal.address });
    const worker = await createTicketWorker({
      connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      activities: counted,
      workflowBundle: workflowBundle(),
    });
    const run = worker.run();
    const running: RunningWorker = {
      worker,
      calls,
      stop: async () => {
        this.workers = this.workers.filter((w) => w !== running);
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await run;
        await connection.close();
      },
    };
    this.workers.push(running);
    return running;
  }

  async deploy(spec: DefinitionSpec): Promise<DefinitionSpec> {
    await this.definitions.write(`def-${uniqueSuffix()}`, spec, {
      deploy: true,
      createdBy: null,
      mustBeNew: true,
    });
    return spec;
  }

  async startTicket(
    spec: Pick<DefinitionSpec, 'department' | 'category'>,
    ticket: Partial<TicketSnapshot> = {},
    options: Partial<LifecycleOptions> = {},
  ): Promise<WorkflowHandle<typeof ticketLifecycle>> {
    const number = `TX-TEST-${uniqueSuffix()}`;
    const snapshot: TicketSnapshot = {
      number,
      subject: 'Printer on fire',
      priority: 'high',
      department: spec.department,
      category: spec.category,
      requesterId: '900',
      system: 'tts',
      createdAt: new Date().toISOString(),
      ...ticket,
    };
    return this.client.workflow.start<typeof ticketLifecycle>('ticketLifecycle', {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: ticketWorkflowId(snapshot.number),
      args: [snapshot, options],
    });
  }

  /** Polls the workflow's state query until the predicate holds. */
  async waitFor(
    handle: WorkflowHandle,
    predicate: (view: LifecycleView) => boolean,
    timeoutMs = 20_000,
  ): Promise<LifecycleView> {
    const deadline = Date.now() + timeoutMs;
    let view: LifecycleView | undefined;
    for (;;) {
      view = await handle.query(stateQuery).catch(() => undefined);
      if (view && predicate(view)) return view;
      if (Date.now() > deadline) {
        throw new Error(
          `condition not reached in ${timeoutMs} ms; last state: ${JSON.stringify(view)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * The ticket's first history event of `type`, once the peers have it: a run's state query can
   * show a change a moment before the event is recorded.
   */
  async waitForEvent(
    ticketNumber: string,
    type: TicketEvent['type'],
    timeoutMs?: number,
  ): Promise<TicketEvent> {
    return eventually(() => {
      const event = this.peers.eventsOf(ticketNumber).find((e) => e.type === type);
      if (!event) throw new Error(`no ${type} event on ${ticketNumber} yet`);
      return event;
    }, timeoutMs);
  }

  /** Takes messages from a notification queue until `count` arrived (or the timeout). */
  async waitForNotifications(
    key: 'notification' | 'inappNotification',
    count: number,
    timeoutMs = 10_000,
  ): Promise<NotificationMessage[]> {
    const messages: NotificationMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count && Date.now() < deadline) {
      messages.push(...(await this.takeNotifications(key)));
      if (messages.length < count) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return messages;
  }

  /** Takes every message now on one of this file's notification queues. */
  async takeNotifications(
    key: 'notification' | 'inappNotification',
  ): Promise<NotificationMessage[]> {
    const channel = await this.broker.createChannel();
    const messages: NotificationMessage[] = [];
    try {
      for (;;) {
        const message = await channel.get(queueName(this.broker.prefix, key), { noAck: true });
        if (!message) break;
        messages.push(JSON.parse(message.content.toString('utf8')) as NotificationMessage);
      }
    } finally {
      await channel.close();
    }
    return messages;
  }
}
