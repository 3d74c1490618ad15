import type { Migration } from '../migration';
import { comments } from './001_comments';

export const messagingMigrations: Migration[] = [comments];
