import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  type UpdateDefinition,
} from '@temporalio/common';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../domain/errors';
import { ticketWorkflowId } from '../../domain/tickets';
import {
  actUpdate,
  overrideUpdate,
  REJECTIONS,
  reopenUpdate,
  rerouteSignal,
  stateQuery,
  type ActRequest,
  type LifecycleView,
  type OverrideRequest,
  type ReopenRequest,
} from '../../workflows/messages';

/** What a rejected update means for the caller: not yours → 403, not now/not possible → 409. */
function rejectionError(failure: ApplicationFailure): AppError {
  const message = failure.message;
  if (failure.type === REJECTIONS.notAssignee) return new ForbiddenError(message, 'actor');
  if (failure.type === REJECTIONS.invalidTarget) return new ConflictError(message, 'targetUserId');
  if (failure.type === REJECTIONS.invalidOverride) return new ConflictError(message, 'type');
  if (failure.type === REJECTIONS.notesRequired) return new ValidationError(message, 'notes');
  if (failure.type === REJECTIONS.notReopenable) return new ConflictError(message, 'status');
  return new ConflictError(message, 'action');
}

function translate(error: unknown, ticketNumber: string): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    throw rejectionError(error.cause);
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new NotFoundError(`ticket ${ticketNumber} has no running workflow`, 'ticketNumber');
  }
  if (error instanceof AppError) throw error;
  throw new ServiceUnavailableError(
    `the workflow of ticket ${ticketNumber} could not be reached: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/**
 * How long a reopen may wait for the ticket's workflow (a reply waits on it): past that, with no
 * worker answering, the caller gets a retryable 503 instead of a hanging request.
 */
const REOPEN_DEADLINE_MS = 15_000;

/** The workflow API's view of ticket workflows: queries, agent actions and admin overrides. */
export class LifecycleClient {
  constructor(private readonly temporal: Client) {}

  async state(ticketNumber: string): Promise<LifecycleView> {
    try {
      return await this.temporal.workflow
        .getHandle(ticketWorkflowId(ticketNumber))
        .query(stateQuery);
    } catch (error) {
      return translate(error, ticketNumber);
    }
  }

  act(ticketNumber: string, request: ActRequest, updateId?: string): Promise<LifecycleView> {
    return this.update(ticketNumber, actUpdate, request, updateId);
  }

  override(
    ticketNumber: string,
    request: OverrideRequest,
    updateId?: string,
  ): Promise<LifecycleView> {
    return this.update(ticketNumber, overrideUpdate, request, updateId);
  }

  /**
   * Puts a resolved ticket back on its last step while its reopen window runs. A ticket whose
   * workflow has ended (closed after the window, or resolved before windows existed) is a 409.
   */
  async reopen(
    ticketNumber: string,
    request: ReopenRequest,
    updateId?: string,
  ): Promise<LifecycleView> {
    try {
      return await this.temporal.withDeadline(Date.now() + REOPEN_DEADLINE_MS, () =>
        this.update(ticketNumber, reopenUpdate, request, updateId),
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ConflictError(
          `ticket ${ticketNumber} can no longer be reopened: file a new ticket`,
          'status',
        );
      }
      throw error;
    }
  }

  /** The update id makes a retried request (same Idempotency-Key) apply once. */
  private async update<Request>(
    ticketNumber: string,
    definition: UpdateDefinition<LifecycleView, [Request]>,
    request: Request,
    updateId?: string,
  ): Promise<LifecycleView> {
    try {
      return await this.temporal.workflow
        .getHandle(ticketWorkflowId(ticketNumber))
        .executeUpdate(definition, { args: [request], ...(updateId ? { updateId } : {}) });
    } catch (error) {
      return translate(error, ticketNumber);
    }
  }

  /** Asks every unrouted ticket to match definitions again (after a deploy). */
  async rerouteUnrouted(eventId: string): Promise<number> {
    let count = 0;
    for await (const workflow of this.temporal.workflow.list({
      query: `WorkflowType = 'ticketLifecycle' AND ExecutionStatus = 'Running' AND TicketStatus = 'unrouted'`,
    })) {
      await this.temporal.workflow
        .getHandle(workflow.workflowId)
        .signal(rerouteSignal, { eventId });
      count += 1;
    }
    return count;
  }
}
