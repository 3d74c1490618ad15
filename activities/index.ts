import { createCoordinatorActivities } from './coordinators';
import { createDirectoryActivities, createRoleDirectory, type DirectoryDeps } from './directory';
import { createMessagingActivities, type MessagingDeps } from './messaging';
import { createNotificationActivities, type NotificationDeps } from './notifications';
import { createProbeActivities, type ProbeActivityDeps } from './probe';
import { createTaskActivities } from './tasks';
import { createTicketActivities, type TicketApiDeps } from './tickets';

export type ActivityDeps = ProbeActivityDeps &
  DirectoryDeps &
  TicketApiDeps &
  MessagingDeps &
  NotificationDeps;

/** Every activity the ticket worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  const withDirectory = { ...deps, directory: createRoleDirectory(deps) };
  return {
    ...createProbeActivities(deps),
    ...createTaskActivities(withDirectory),
    ...createCoordinatorActivities(withDirectory),
    ...createDirectoryActivities(withDirectory),
    ...createTicketActivities(deps),
    ...createMessagingActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
