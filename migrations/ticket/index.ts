import type { Migration } from '../migration';
import { tickets } from './001_tickets';

export const ticketMigrations: Migration[] = [tickets];
