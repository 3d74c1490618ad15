import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { ticketStartDetails, ticketSummary } from '../../domain/operatorView';
import type { TicketSnapshot } from '../../domain/tickets';
import type { Logger } from '../../infra/logging/logger';
import type { ticketLifecycle } from '../../workflows';
import { REQUEST_ID_KEY } from '../../workflows/interceptors';
import { PRIORITY, TICKET_NUMBER, TICKET_STATUS } from '../../domain/searchAttributes';

interface OutboxRow {
  id: string;
  workflow_id: string;
  payload: TicketSnapshot;
  attempts: number;
  request_id: string | null;
}

const BATCH = 50;
const MAX_BACKOFF_MS = 30_000;
/** The SDK retries an unreachable server indefinitely; a relay attempt gives up after this. */
const START_DEADLINE_MS = 5_000;

/**
 * Relays the workflow-start outbox: each accepted ticket's workflow is started exactly once, even
 * if Temporal was down when the ticket was accepted. Rows are claimed FOR UPDATE SKIP LOCKED, so
 * any number of ticket API instances relay side by side; an already-started workflow counts as
 * done (workflow ids are unique per ticket). Failures back off per row and are retried.
 */
export class WorkflowStartRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Knex,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Relays at once (after a commit) instead of at the next poll. */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Relays every row that is due now; returns how many workflows were started or found started.
   * Passes run one after another, so a caller's flush also waits for the pass a wake() began.
   */
  flush(): Promise<number> {
    const pass = this.queue.then(() => this.relayDue());
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  private async relayDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.relayBatch();
      total += done;
      if (done < BATCH) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.flush()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'workflow start relay failed; retrying');
          return 0;
        })
        .finally(() => {
          if (!this.stopped) this.schedule(this.pollMs);
        });
    }, delayMs);
  }

  private async relayBatch(): Promise<number> {
    return this.db.transaction(async (trx) => {
      const rows = await trx<OutboxRow>('workflow_start_outbox')
        .select('id', 'workflow_id', 'payload', 'attempts', 'request_id')
        .whereNull('started_at')
        .where('next_attempt_at', '<=', trx.fn.now())
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked();
      let started = 0;
      for (const row of rows) {
        try {
          await this.startWorkflow(row);
          await trx('workflow_start_outbox')
            .where({ id: row.id })
            .update({ started_at: trx.fn.now(), last_error: null });
          started += 1;
        } catch (error) {
          const delayMs = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(row.attempts, 10));
          await trx('workflow_start_outbox')
            .where({ id: row.id })
            .update({
              attempts: row.attempts + 1,
              last_error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
              next_attempt_at: trx.raw(`now() + interval '${delayMs} milliseconds'`),
            });
          this.logger.warn(
            { err: error, workflowId: row.workflow_id },
            'workflow start failed; will retry',
          );
        }
      }
      return started;
    });
  }

  private async startWorkflow(row: OutboxRow): Promise<void> {
    try {
      await this.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.temporal.workflow.start<typeof ticketLifecycle>('ticketLifecycle', {
          taskQueue: this.taskQueue,
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
}
