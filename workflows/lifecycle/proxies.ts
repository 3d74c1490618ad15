import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CoordinatorActivities } from '../../activities/coordinators';
import type { DirectoryActivities } from '../../activities/directory';
import type { MessagingActivities } from '../../activities/messaging';
import type { NotificationActivities } from '../../activities/notifications';
import type { TaskActivities } from '../../activities/tasks';
import type { TicketApiActivities } from '../../activities/tickets';
import { NON_RETRYABLE_ERRORS } from '../../domain/errors';

type StoreActivities = TaskActivities & CoordinatorActivities & DirectoryActivities;

const retry = {
  initialInterval: '500 milliseconds',
  maximumInterval: '30 seconds',
  nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
};
const storeOptions = { startToCloseTimeout: '30 seconds', retry } as const;
const commentOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { ...retry, maximumAttempts: 5 },
} as const;

/**
 * Which lifecycle a run follows, fixed at its start by a patch marker so running tickets replay:
 * 1 — effects as regular activities, search attributes upserted at every event;
 * 2 — effects as local activities, search attributes upserted once per wait (changed keys only);
 * 3 — effects batched per flush (events in one call, notifications in one publish, comments side
 *     by side), a step's task, candidates and the coordinator fetched side by side, coordinators
 *     in a persisted rotation;
 * 4 — a step opens in one call (its task and first assignment), and assignments and coordinator
 *     picks read the role's holders where they run (the workflow service's replica) instead of
 *     fetching them first.
 */
export type LifecycleGeneration = 1 | 2 | 3 | 4;

export interface LifecycleProxies {
  /** The workflow service's store and the auth directory: retried until they answer. */
  store: StoreActivities;
  /** Ticket API sync and notifications: must happen, so retried until the service is back. */
  sideEffects: TicketApiActivities & NotificationActivities;
  /** System comments: a bounded number of tries, then the lifecycle records that it failed. */
  comments: MessagingActivities;
  generation: LifecycleGeneration;
}

/** Marks runs of generation 2; runs without a marker replay as generation 1. */
export const LOCAL_ACTIVITIES_PATCH = 'lifecycle-local-activities';
/** Marks runs of generation 3. */
export const BATCHED_EFFECTS_PATCH = 'lifecycle-batched-effects';
/** Marks runs of generation 4 (one marker, checked first, so a new run records only this one). */
export const OPEN_TASK_PATCH = 'lifecycle-open-task';

/**
 * Marks runs whose resolved ticket waits for its requester (a reopen window) instead of ending:
 * checked where a ticket is resolved, so runs started earlier take the window from then on, and
 * histories resolved without it replay as they ended.
 */
export const REOPEN_WINDOW_PATCH = 'lifecycle-reopen-window';

/**
 * The lifecycle's effects. Every call is short and idempotent, so they run as local activities:
 * one workflow task carries a whole routing and assignment step instead of one per call (three
 * history events each). Call once, at the start of a run.
 */
export function lifecycleProxies(): LifecycleProxies {
  const local = {
    store: proxyLocalActivities<StoreActivities>(storeOptions),
    sideEffects: proxyLocalActivities<TicketApiActivities & NotificationActivities>(storeOptions),
    comments: proxyLocalActivities<MessagingActivities>(commentOptions),
  };
  if (patched(OPEN_TASK_PATCH)) return { ...local, generation: 4 };
  if (patched(BATCHED_EFFECTS_PATCH)) return { ...local, generation: 3 };
  if (patched(LOCAL_ACTIVITIES_PATCH)) return { ...local, generation: 2 };
  return {
    store: proxyActivities<StoreActivities>(storeOptions),
    sideEffects: proxyActivities<TicketApiActivities & NotificationActivities>(storeOptions),
    comments: proxyActivities<MessagingActivities>(commentOptions),
    generation: 1,
  };
}
