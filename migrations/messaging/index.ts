import type { Migration } from '../migration';
import { comments } from './001_comments';
import { threadsAndRatings } from './002_threads_and_ratings';

export const messagingMigrations: Migration[] = [comments, threadsAndRatings];
