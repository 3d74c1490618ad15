import type { Migration } from '../migration';

export const messagingMigrations: Migration[] = [];
