import type { Migration } from '../migration';
import { platformProbes } from './001_platform_probes';
import { definitionsAndTasks } from './002_definitions_and_tasks';

export const workflowMigrations: Migration[] = [platformProbes, definitionsAndTasks];
