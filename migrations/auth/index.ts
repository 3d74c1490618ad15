import type { Migration } from '../migration';

export const authMigrations: Migration[] = [];
