import type { Knex } from 'knex';
import type { Logger } from '../logging/logger';

/**
 * What a failed delivery does to the rows after it.
 * - `ordered`: the pass stops at the failed row, so no later row overtakes it; the next pass
 *   (a poll later) tries it again. The table needs no bookkeeping columns.
 * - `backoff`: the row alone waits (`attempts`, `last_error`, `next_attempt_at` columns;
 *   exponential backoff up to 30 s) and the rows after it go on: there is no order between rows.
 */
export type FailurePolicy = 'ordered' | 'backoff';

export interface OutboxSpec<Row extends { id: string }> {
  /** Names the relay in logs. */
  name: string;
  table: string;
  /** Columns `deliver` reads (and `id`). */
  columns: readonly (keyof Row & string)[];
  /** Null while the row is pending; set to now() once it is delivered. */
  deliveredColumn: string;
  onFailure: FailurePolicy;
  /** Rows claimed (and locked) per transaction. */
  batchSize: number;
  /** Delivers one row; resolving means delivered (it may run twice for one row: at least once). */
  deliver(row: Row): Promise<void>;
  /** Fields naming the row in a failure's log line. */
  describe?(row: Row): Record<string, unknown>;
}

/** A failed row waits 0.5 s × 2^attempts, at most this. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Relays an outbox: rows written in the same transaction as the change they announce, delivered
 * at least once after it commits. Each batch is claimed FOR UPDATE SKIP LOCKED and marked delivered
 * in the transaction that claimed it, so any number of replicas relay one table side by side and a
 * delivered row is never claimed again. Passes run on a poll (and at once on `wake()`), one after
 * another per relay; `stop()` waits for the pass in flight.
 */
export class OutboxRelay<Row extends { id: string }> {
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Knex,
    private readonly spec: OutboxSpec<Row>,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Relays at once (after a commit) instead of at the next poll; a relay never started then polls too. */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue;
  }

  /**
   * Relays every row that is due now; answers how many were delivered. Passes run one after
   * another, so a caller's flush also waits for the pass a wake() or the poll began.
   */
  flush(): Promise<number> {
    const pass = this.queue.then(() => this.relayDue());
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush()
        .catch((error: unknown) => {
          this.logger.warn({ err: error, outbox: this.spec.name }, 'outbox relay failed; retrying');
        })
        .finally(() => {
          if (!this.stopped && !this.timer) this.schedule(this.pollMs);
        });
    }, delayMs);
  }

  private async relayDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const { delivered, claimed, halted } = await this.relayBatch();
      total += delivered;
      if (halted || claimed < this.spec.batchSize) return total;
    }
  }

  private relayBatch(): Promise<{ delivered: number; claimed: number; halted: boolean }> {
    const { table, columns, deliveredColumn, onFailure, batchSize } = this.spec;
    return this.db.transaction(async (trx) => {
      const claimed: unknown = await trx(table)
        .whereNull(deliveredColumn)
        .modify((due) => {
          if (onFailure === 'backoff') void due.where('next_attempt_at', '<=', trx.fn.now());
        })
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .select('id', ...columns.filter((column) => column !== 'id'));
      const rows = claimed as Row[];
      let delivered = 0;
      for (const row of rows) {
        try {
          await this.spec.deliver(row);
        } catch (error) {
          this.logger.warn(
            { err: error, outbox: this.spec.name, ...this.spec.describe?.(row) },
            'outbox delivery failed; will retry',
          );
          if (onFailure === 'ordered') return { delivered, claimed: rows.length, halted: true };
          await this.backOff(trx, row, error);
          continue;
        }
        await trx(table)
          .where({ id: row.id })
          .update({
            [deliveredColumn]: trx.fn.now(),
            ...(onFailure === 'backoff' ? { last_error: null } : {}),
          });
        delivered += 1;
      }
      return { delivered, claimed: rows.length, halted: false };
    });
  }

  private async backOff(trx: Knex.Transaction, row: Row, error: unknown): Promise<void> {
    await trx(this.spec.table)
      .where({ id: row.id })
      .update({
        attempts: trx.raw('attempts + 1'),
        last_error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
        next_attempt_at: trx.raw(
          `now() + least(interval '${MAX_BACKOFF_MS} milliseconds', interval '500 milliseconds' * power(2, least(attempts, 10)))`,
        ),
      });
  }
}
