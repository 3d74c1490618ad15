import { createCoordinatorActivities } from './coordinators';
import { createDirectoryActivities, type DirectoryDeps } from './directory';
import { createMessagingActivities, type MessagingDeps } from './messaging';
import { createNotificationActivities, type NotificationDeps } from './notifications';
import { createProbeActivities, type ProbeActivityDeps } from './probe';
import { createTaskActivities, type TaskStoreDeps } from './tasks';
import { createTicketActivities, type TicketApiDeps } from './tickets';

export type ActivityDeps = ProbeActivityDeps &
  TaskStoreDeps &
  DirectoryDeps &
  TicketApiDeps &
  MessagingDeps &
  NotificationDeps;

/** Every activity the ticket worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps),
    ...createTaskActivities(deps),
    ...createCoordinatorActivities(deps),
    ...createDirectoryActivities(deps),
    ...createTicketActivities(deps),
    ...createMessagingActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
