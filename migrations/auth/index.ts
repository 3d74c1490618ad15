import type { Migration } from '../migration';
import { auth } from './001_auth';

export const authMigrations: Migration[] = [auth];
