import { proxyActivities } from '@temporalio/workflow';
import type { DirectoryActivities } from '../../activities/directory';
import type { MessagingActivities } from '../../activities/messaging';
import type { NotificationActivities } from '../../activities/notifications';
import type { TaskActivities } from '../../activities/tasks';
import type { TicketApiActivities } from '../../activities/tickets';
import { NON_RETRYABLE_ERRORS } from '../../domain/errors';

const retry = {
  initialInterval: '500 milliseconds',
  maximumInterval: '30 seconds',
  nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
};

/** The workflow service's store and the auth directory: retried until they answer. */
export const store = proxyActivities<TaskActivities & DirectoryActivities>({
  startToCloseTimeout: '30 seconds',
  retry,
});

/** Ticket API sync and notifications: must happen, so retried until the service is back. */
export const sideEffects = proxyActivities<TicketApiActivities & NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry,
});

/** System comments: a bounded number of tries, then the lifecycle records that it failed. */
export const comments = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { ...retry, maximumAttempts: 5 },
});
