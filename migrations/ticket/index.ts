import type { Migration } from '../migration';

export const ticketMigrations: Migration[] = [];
