import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { deadlineOf } from '../../domain/sla';
import type { TicketSnapshot } from '../../domain/tickets';
import {
  ASSIGNED_ROLE,
  ASSIGNEE_ID,
  PRIORITY,
  SLA_BREACHED,
  SLA_DEADLINE,
  TICKET_NUMBER,
  TICKET_STATUS,
} from '../../domain/searchAttributes';
import { CommandInbox } from './inbox';
import { PendingEffects } from './pendingEffects';
import { lifecycleProxies, type LifecycleProxies } from './proxies';
import { searchAttributeSync, type SearchAttributeSync } from './searchAttributeSync';
import { DEFAULT_OPTIONS, initialState, type LifecycleOptions, type LifecycleState } from './state';

/** Everything one run of a ticket's lifecycle works with; its modules take it as first argument. */
export interface LifecycleContext extends LifecycleProxies {
  readonly state: LifecycleState;
  readonly opts: LifecycleOptions;
  /** The options as the run was given them: the next run continues with the same. */
  readonly options: Partial<LifecycleOptions>;
  readonly workflowId: string;
  readonly inbox: CommandInbox;
  readonly searchAttributes: SearchAttributeSync;
  /** Effects waiting for the next flush (generation 3; always empty before). */
  readonly pending: PendingEffects;
  /** A key unique within the ticket (events, comments), so a retried effect lands once. */
  nextKey(prefix: string): string;
}

function ticketSearchAttributes(state: LifecycleState): SearchAttributeUpdatePair[] {
  const deadline = state.step ? deadlineOf(state.step.clock) : null;
  return [
    { key: TICKET_NUMBER, value: state.ticket.number },
    { key: TICKET_STATUS, value: state.status },
    { key: PRIORITY, value: state.ticket.priority },
    { key: ASSIGNED_ROLE, value: state.step?.role ?? null },
    { key: ASSIGNEE_ID, value: state.step?.assignee?.id ?? null },
    { key: SLA_BREACHED, value: state.step?.clock.breached ?? false },
    { key: SLA_DEADLINE, value: deadline === null ? null : new Date(deadline) },
  ];
}

/** Builds the run's context; calls lifecycleProxies() (a patched() check), so once per run. */
export function createLifecycleContext(
  ticket: TicketSnapshot,
  options: Partial<LifecycleOptions>,
  resume: LifecycleState | undefined,
): LifecycleContext {
  const opts: LifecycleOptions = { ...DEFAULT_OPTIONS, ...options };
  const state = resume ?? initialState(ticket);
  const { workflowId } = workflowInfo();
  const proxies = lifecycleProxies();
  return {
    ...proxies,
    state,
    opts,
    options,
    workflowId,
    inbox: new CommandInbox(),
    pending: new PendingEffects(),
    searchAttributes: searchAttributeSync(
      () => ticketSearchAttributes(state),
      proxies.generation >= 2,
    ),
    nextKey: (prefix) => `${workflowId}:${prefix}${++state.eventSeq}`,
  };
}
