import type { Migration } from '../migration';
import { auth } from './001_auth';
import { tokenRevocations } from './002_token_revocations';
import { abuseLimits } from './003_abuse_limits';
import { signInChecks } from './004_sign_in_checks';
import { roleMembershipHistory } from './005_role_membership_history';

export const authMigrations: Migration[] = [
  auth,
  tokenRevocations,
  abuseLimits,
  signInChecks,
  roleMembershipHistory,
];
