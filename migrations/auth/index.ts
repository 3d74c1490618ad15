import type { Migration } from '../migration';
import { auth } from './001_auth';
import { tokenRevocations } from './002_token_revocations';
import { abuseLimits } from './003_abuse_limits';

export const authMigrations: Migration[] = [auth, tokenRevocations, abuseLimits];
