import type { Knex } from 'knex';
import { assertStrongEnough, type PasswordHasher } from './passwords';
import { RoleAdmin } from './roles';
import type { UserRow } from './users';

export interface DemoCredential {
  email: string;
  password: string;
  roles: string[];
}

const SYSTEMS = [
  {
    key: 'tts',
    name: 'Ticket Tracking System',
    roles: ['admin', 'agent', 'requester', 'Ticket Coordinator', 'IT Support', 'Manager'],
  },
  { key: 'hdts', name: 'Help Desk Ticketing System', roles: ['admin', 'agent', 'requester'] },
];

type SeedUser = DemoCredential & { name: string; assignments: [string, string][] };

/** What an administrator holds: the demo admin and production's first one alike. */
const ADMIN_ASSIGNMENTS: [string, string][] = [
  ['tts', 'admin'],
  ['tts', 'agent'],
  ['hdts', 'admin'],
];

/** Development users and their dev passwords (printed by the bring-up as such). */
export const DEMO_USERS: SeedUser[] = [
  {
    email: 'admin@helpdesk.local',
    name: 'Ada Admin',
    password: 'admin-dev-password',
    roles: ['admin'],
    assignments: ADMIN_ASSIGNMENTS,
  },
  {
    email: 'it1@helpdesk.local',
    name: 'Ian Support',
    password: 'agent-dev-password',
    roles: ['IT Support'],
    assignments: [
      ['tts', 'agent'],
      ['tts', 'IT Support'],
    ],
  },
  {
    email: 'it2@helpdesk.local',
    name: 'Iris Support',
    password: 'agent-dev-password',
    roles: ['IT Support'],
    assignments: [
      ['tts', 'agent'],
      ['tts', 'IT Support'],
    ],
  },
  {
    email: 'manager1@helpdesk.local',
    name: 'Max Manager',
    password: 'agent-dev-password',
    roles: ['Manager'],
    assignments: [
      ['tts', 'agent'],
      ['tts', 'Manager'],
    ],
  },
  {
    email: 'manager2@helpdesk.local',
    name: 'Mia Manager',
    password: 'agent-dev-password',
    roles: ['Manager'],
    assignments: [
      ['tts', 'agent'],
      ['tts', 'Manager'],
    ],
  },
  {
    email: 'coordinator@helpdesk.local',
    name: 'Cora Coordinator',
    password: 'agent-dev-password',
    roles: ['Ticket Coordinator'],
    assignments: [
      ['tts', 'agent'],
      ['tts', 'Ticket Coordinator'],
    ],
  },
  {
    email: 'requester1@helpdesk.local',
    name: 'Rita Requester',
    password: 'requester-dev-password',
    roles: ['requester'],
    assignments: [
      ['tts', 'requester'],
      ['hdts', 'requester'],
    ],
  },
  {
    email: 'requester2@helpdesk.local',
    name: 'Rob Requester',
    password: 'requester-dev-password',
    roles: ['requester'],
    assignments: [
      ['tts', 'requester'],
      ['hdts', 'requester'],
    ],
  },
];

/** Systems and their roles: idempotent. */
async function seedSystems(admin: RoleAdmin, db: Knex): Promise<void> {
  for (const system of SYSTEMS) {
    await db('systems').insert({ key: system.key, name: system.name }).onConflict('key').ignore();
    const existing = new Set(await admin.roles(system.key));
    for (const role of system.roles)
      if (!existing.has(role)) await admin.createRole(null, system.key, role);
  }
}

/** Creates the user once (an existing one keeps its password and name) and gives its roles. */
async function ensureUser(db: Knex, admin: RoleAdmin, hasher: PasswordHasher, seed: SeedUser) {
  let user = await db<UserRow>('users').whereRaw('lower(email) = ?', [seed.email]).first();
  if (!user) {
    const [row] = await db('users')
      .insert({
        email: seed.email,
        name: seed.name,
        password_hash: await hasher.hash(seed.password),
      })
      .returning<UserRow[]>('*');
    if (!row) throw new Error(`could not create ${seed.email}`);
    user = row;
  }
  for (const [system, role] of seed.assignments)
    await admin.assign(null, String(user.id), system, role);
}

/** Systems, roles and demo users: idempotent, so every bring-up may run it. */
export async function seedAuthDemo(db: Knex, hasher: PasswordHasher): Promise<DemoCredential[]> {
  const admin = new RoleAdmin(db);
  await seedSystems(admin, db);
  for (const demo of DEMO_USERS) await ensureUser(db, admin, hasher, demo);
  return DEMO_USERS.map(({ email, password, roles }) => ({ email, password, roles }));
}

/**
 * Staging and production: systems and roles, and no demo user (their passwords are public), only
 * the first administrator when one is given (BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD):
 * created once, never overwritten, so the password it changes to afterwards stays.
 */
export async function seedAuthProduction(
  db: Knex,
  hasher: PasswordHasher,
  firstAdmin?: { email: string; password: string },
): Promise<DemoCredential[]> {
  const admin = new RoleAdmin(db);
  await seedSystems(admin, db);
  if (!firstAdmin) return [];
  assertStrongEnough(firstAdmin.password, 'BOOTSTRAP_ADMIN_PASSWORD');
  const email = firstAdmin.email.toLowerCase();
  await ensureUser(db, admin, hasher, {
    email,
    name: 'Administrator',
    password: firstAdmin.password,
    roles: ['admin'],
    assignments: ADMIN_ASSIGNMENTS,
  });
  return [];
}
