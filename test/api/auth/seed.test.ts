import { PasswordHasher } from '../../../api/auth/passwords';
import { seedAuthProduction } from '../../../api/auth/seed';
import { createTestDatabase, testConfig, type TestDatabase } from '../../support/platform';

const config = testConfig();

describe('seeding auth outside development', () => {
  let database: TestDatabase;
  const hasher = new PasswordHasher(config.auth.argon2MemoryKib);

  beforeAll(async () => {
    database = await createTestDatabase(config, 'auth');
  });

  afterAll(() => database.drop());

  const rolesOf = (email: string) =>
    database
      .db('users')
      .join('user_system_roles', 'users.id', 'user_system_roles.user_id')
      .join('roles', 'roles.id', 'user_system_roles.role_id')
      .where('users.email', email)
      .orderBy(['roles.system', 'roles.name'])
      .select<{ system: string; name: string }[]>('roles.system', 'roles.name')
      .then((rows) => rows.map((row) => `${row.system}/${row.name}`));

  it('creates no user with a known password, only the named first administrator', async () => {
    await seedAuthProduction(database.db, hasher, {
      email: 'Ops@Example.org',
      password: 'a-long-first-password',
    });
    const users = await database.db('users').select<{ email: string }[]>('email');
    expect(users.map((user) => user.email)).toEqual(['ops@example.org']);
    expect(await rolesOf('ops@example.org')).toEqual(['hdts/admin', 'tts/admin', 'tts/agent']);
  });

  it('never overwrites the administrator again (a changed password stays)', async () => {
    await seedAuthProduction(database.db, hasher, {
      email: 'ops@example.org',
      password: 'another-password-entirely',
    });
    const row = await database
      .db('users')
      .where({ email: 'ops@example.org' })
      .first<{ password_hash: string }>('password_hash');
    expect(await hasher.verify(row?.password_hash ?? '', 'a-long-first-password')).toBe(true);
  });

  it('refuses a weak first password', async () => {
    await expect(
      seedAuthProduction(database.db, hasher, { email: 'x@example.org', password: 'short' }),
    ).rejects.toThrow(/at least 10/);
  });
});
