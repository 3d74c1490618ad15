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

export interface LifecycleProxies {
  /** The workflow service's store and the auth directory: retried until they answer. */
  store: StoreActivities;
  /** Ticket API sync and notifications: must happen, so retried until the service is back. */
  sideEffects: TicketApiActivities & NotificationActivities;
  /** System comments: a bounded number of tries, then the lifecycle records that it failed. */
  comments: MessagingActivities;
  /** Search attributes are upserted once per wait (changed keys only), not once per event. */
  batchedSearchAttributes: boolean;
}

/** Marks runs started on local activities; runs started before it replay on regular ones. */
export const LOCAL_ACTIVITIES_PATCH = 'lifecycle-local-activities';

/**
 * The lifecycle's effects. Every call is short and idempotent, so they run as local activities:
 * one workflow task carries a whole routing and assignment step instead of one per call (three
 * history events each). Call once, at the start of a run.
 */
export function lifecycleProxies(): LifecycleProxies {
  if (patched(LOCAL_ACTIVITIES_PATCH)) {
    return {
      store: proxyLocalActivities<StoreActivities>(storeOptions),
      sideEffects: proxyLocalActivities<TicketApiActivities & NotificationActivities>(storeOptions),
      comments: proxyLocalActivities<MessagingActivities>(commentOptions),
      batchedSearchAttributes: true,
    };
  }
  return {
    store: proxyActivities<StoreActivities>(storeOptions),
    sideEffects: proxyActivities<TicketApiActivities & NotificationActivities>(storeOptions),
    comments: proxyActivities<MessagingActivities>(commentOptions),
    batchedSearchAttributes: false,
  };
}
