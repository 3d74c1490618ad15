import type { Migration } from '../migration';
import { platformProbes } from './001_platform_probes';

export const workflowMigrations: Migration[] = [platformProbes];
