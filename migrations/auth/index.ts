import type { Migration } from '../migration';
import { auth } from './001_auth';
import { abuseLimits } from './003_abuse_limits';

export const authMigrations: Migration[] = [auth, abuseLimits];
