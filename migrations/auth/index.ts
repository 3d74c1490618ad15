import type { Migration } from '../migration';
import { auth } from './001_auth';
import { tokenRevocations } from './002_token_revocations';
import { abuseLimits } from './003_abuse_limits';
import { signInChecks } from './004_sign_in_checks';

export const authMigrations: Migration[] = [auth, tokenRevocations, abuseLimits, signInChecks];
