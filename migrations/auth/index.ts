import type { Migration } from '../migration';
import { auth } from './001_auth';
import { tokenRevocations } from './002_token_revocations';

export const authMigrations: Migration[] = [auth, tokenRevocations];
