import type { Knex } from 'knex';
import type { PasswordHasher } from './passwords';
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

/** Development users and their dev passwords (printed by the bring-up as such). */
export const DEMO_USERS: (DemoCredential & { name: string; assignments: [string, string][] })[] = [
  {
    email: 'admin@helpdesk.local',
    name: 'Ada Admin',
    password: 'admin-dev-password',
    roles: ['admin'],
    assignments: [
      ['tts', 'admin'],
      ['tts', 'agent'],
      ['hdts', 'admin'],
    ],
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

/** Systems, roles and demo users: idempotent, so every bring-up may run it. */
export async function seedAuthDemo(db: Knex, hasher: PasswordHasher): Promise<DemoCredential[]> {
  const admin = new RoleAdmin(db);
  for (const system of SYSTEMS) {
    await db('systems').insert({ key: system.key, name: system.name }).onConflict('key').ignore();
    const existing = new Set(await admin.roles(system.key));
    for (const role of system.roles)
      if (!existing.has(role)) await admin.createRole(null, system.key, role);
  }
  for (const demo of DEMO_USERS) {
    let user = await db<UserRow>('users').whereRaw('lower(email) = ?', [demo.email]).first();
    if (!user) {
      const [row] = await db('users')
        .insert({
          email: demo.email,
          name: demo.name,
          password_hash: await hasher.hash(demo.password),
        })
        .returning<UserRow[]>('*');
      if (!row) throw new Error(`could not create ${demo.email}`);
      user = row;
    }
    for (const [system, role] of demo.assignments)
      await admin.assign(null, String(user.id), system, role);
  }
  return DEMO_USERS.map(({ email, password, roles }) => ({ email, password, roles }));
}
