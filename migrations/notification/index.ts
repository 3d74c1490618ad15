import type { Migration } from '../migration';
import { notifications } from './001_notifications';

export const notificationMigrations: Migration[] = [notifications];
