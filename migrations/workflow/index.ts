import type { Migration } from '../migration';
import { platformProbes } from './001_platform_probes';
import { definitionsAndTasks } from './002_definitions_and_tasks';
import { idempotentRequests } from './003_idempotent_requests';
import { coordinatorRotation } from './004_coordinator_rotation';
import { roleMemberReplica } from './005_role_member_replica';
import { queueIndexes } from './006_queue_indexes';

export const workflowMigrations: Migration[] = [
  platformProbes,
  definitionsAndTasks,
  idempotentRequests,
  coordinatorRotation,
  roleMemberReplica,
  queueIndexes,
];
