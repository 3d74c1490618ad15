import type { Migration } from '../migration';

export const notificationMigrations: Migration[] = [];
