import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { ticketStartDetails, ticketSummary } from '../../domain/operatorView';
import type { TicketSnapshot } from '../../domain/tickets';
import type { Logger } from '../../infra/logging/logger';
import { OutboxRelay } from '../../infra/outbox/relay';
import type { ticketLifecycle } from '../../workflows';
import { REQUEST_ID_KEY } from '../../workflows/interceptors';
import { PRIORITY, TICKET_NUMBER, TICKET_STATUS } from '../../domain/searchAttributes';

interface OutboxRow {
  id: string;
  workflow_id: string;
  payload: TicketSnapshot;
  request_id: string | null;
}

/** The SDK retries an unreachable server indefinitely; a relay attempt gives up after this. */
const START_DEADLINE_MS = 5_000;

/**
 * Relays the workflow-start outbox: each accepted ticket's workflow is started exactly once, even
 * if Temporal was down when the ticket was accepted. Any number of ticket API instances relay side
 * by side; an already-started workflow counts as done (workflow ids are unique per ticket). A
 * failed start backs off on its own row: one ticket's trouble does not hold back the others.
 */
export class WorkflowStartRelay extends OutboxRelay<OutboxRow> {
  constructor(db: Knex, temporal: Client, taskQueue: string, logger: Logger, pollMs: number) {
    super(
      db,
      {
        name: 'workflow starts',
        table: 'workflow_start_outbox',
        columns: ['workflow_id', 'payload', 'request_id'],
        deliveredColumn: 'started_at',
        onFailure: 'backoff',
        batchSize: 50,
        deliver: (row) => startWorkflow(temporal, taskQueue, row),
        describe: (row) => ({ workflowId: row.workflow_id }),
      },
      logger,
      pollMs,
    );
  }
}

async function startWorkflow(temporal: Client, taskQueue: string, row: OutboxRow): Promise<void> {
  try {
    await temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      temporal.workflow.start<typeof ticketLifecycle>('ticketLifecycle', {
        taskQueue,
        workflowId: row.workflow_id,
        args: [row.payload],
        staticSummary: ticketSummary(row.payload),
        staticDetails: ticketStartDetails(row.payload),
        ...(row.request_id ? { memo: { [REQUEST_ID_KEY]: row.request_id } } : {}),
        typedSearchAttributes: [
          { key: TICKET_NUMBER, value: row.payload.number },
          { key: TICKET_STATUS, value: 'new' },
          { key: PRIORITY, value: row.payload.priority },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
