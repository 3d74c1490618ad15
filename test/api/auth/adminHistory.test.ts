import { roleMembershipHistory } from '../../../migrations/auth/005_role_membership_history';
import { DEMO_USERS } from '../../../api/auth/seed';
import { startAuthTestService, type AuthTestService } from '../../support/authService';
import { testConfig } from '../../support/platform';
import { requestJson } from '../../support/http';

const config = testConfig({ AUTH_ARGON2_MEMORY_KIB: '1024' });
const demo = (email: string) => DEMO_USERS.find((u) => u.email === email)!;

interface Entry {
  change: string;
  system: string;
  role: string;
  user: { id: string; name: string; email: string };
  actor: { name: string } | null;
  reason: string | null;
}

describe('auth admin history: role memberships and service keys last used', () => {
  let auth: AuthTestService;
  const tokens: Record<string, string> = {};

  const call = (method: string, path: string, body?: unknown, who: string | null = 'admin') =>
    requestJson(`${auth.server.url}${path}`, method, {
      token: who ? tokens[who] : null,
      ...(body !== undefined ? { body } : {}),
    });
  const history = async (query = '') => {
    const answer = await call('GET', `/api/v1/audit-log/role-memberships${query}`);
    expect(answer.status).toBe(200);
    return answer.body as { items: Entry[]; nextBefore: string | null };
  };
  const userId = async (email: string) => {
    const users = await call('GET', `/api/v1/users?q=${encodeURIComponent(email)}`);
    return (users.body.items as { id: string }[])[0]!.id;
  };

  beforeAll(async () => {
    auth = await startAuthTestService(config);
    for (const [who, email] of [
      ['admin', 'admin@helpdesk.local'],
      ['agent', 'manager1@helpdesk.local'],
    ] as const) {
      const login = await call(
        'POST',
        '/api/v1/auth/login',
        { email, password: demo(email).password },
        null,
      );
      tokens[who] = login.body.accessToken as string;
    }
  });

  afterAll(() => auth.stop());

  it('records who gave or took which role from whom, and filters that history', async () => {
    const it2 = await userId('it2@helpdesk.local');
    const given = { userId: it2, system: 'tts', role: 'Manager' };
    expect((await call('POST', '/api/v1/user-system-roles', given)).status).toBe(201);
    expect((await call('DELETE', '/api/v1/user-system-roles', given)).status).toBe(204);

    const mine = await history(`?userId=${it2}`);
    expect(mine.items.slice(0, 2)).toEqual([
      expect.objectContaining({ change: 'revoked', system: 'tts', role: 'Manager', reason: null }),
      expect.objectContaining({ change: 'granted', system: 'tts', role: 'Manager' }),
    ]);
    expect(mine.items[0]).toMatchObject({
      user: { id: it2, email: 'it2@helpdesk.local' },
      actor: { name: demo('admin@helpdesk.local').name },
    });
    expect(mine.items.every((entry) => entry.user.id === it2)).toBe(true);

    const managers = await history('?system=tts&role=Manager');
    expect(managers.items.every((entry) => entry.role === 'Manager')).toBe(true);
    expect(managers.items.filter((entry) => entry.user.id === it2)).toHaveLength(2);
    expect((await history('?role=No%20such%20role')).items).toEqual([]);
  });

  it('records a deleted role as taken from each of its holders', async () => {
    expect((await call('POST', '/api/v1/systems/tts/roles', { name: 'Printers' })).status).toBe(
      201,
    );
    const holders = [await userId('it1@helpdesk.local'), await userId('it2@helpdesk.local')];
    for (const holder of holders) {
      await call('POST', '/api/v1/user-system-roles', {
        userId: holder,
        system: 'tts',
        role: 'Printers',
      });
    }
    expect((await call('DELETE', '/api/v1/systems/tts/roles/Printers')).status).toBe(204);
    const printers = await history('?role=Printers');
    const revoked = printers.items.filter((entry) => entry.change === 'revoked');
    expect(revoked.map((entry) => entry.user.id).sort()).toEqual([...holders].sort());
    expect(revoked.every((entry) => entry.reason === 'role deleted')).toBe(true);
  });

  it('pages newest first with a before cursor, without gaps or repeats', async () => {
    const all = await history('?limit=200');
    const seen: Entry[] = [];
    let before: string | null = null;
    do {
      const page: { items: Entry[]; nextBefore: string | null } = await history(
        `?limit=2${before ? `&before=${before}` : ''}`,
      );
      seen.push(...page.items);
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual(all.items);
    expect(seen.length).toBeGreaterThanOrEqual(6);
  });

  it('reads rows written before the history had details from their target', async () => {
    const it1 = await userId('it1@helpdesk.local');
    await auth.database.db('audit_log').insert({
      actor_id: null,
      action: 'user_system_role.assign',
      target: `${it1}:tts/Role/with:odd chars`,
    });
    await auth.database.db.schema.alterTable('audit_log', (table) => {
      table.dropIndex(['action', 'id'], 'audit_log_action_id');
    });
    await roleMembershipHistory.up(auth.database.db);
    const [latest] = (await history(`?userId=${it1}&limit=1`)).items;
    expect(latest).toMatchObject({
      change: 'granted',
      system: 'tts',
      role: 'Role/with:odd chars',
      actor: null,
      user: { email: 'it1@helpdesk.local' },
    });
  });

  it('answers hostile filters with 4xx naming the field, and non-admins with 403', async () => {
    const path = '/api/v1/audit-log/role-memberships';
    for (const [query, field] of [
      ['?userId=abc', 'query.userId'],
      ['?before=-1', 'query.before'],
      ['?before=99999999999999999999', 'query.before'],
      ['?limit=0', 'query.limit'],
      ['?limit=201', 'query.limit'],
      ['?role=', 'query.role'],
      [`?system=${'s'.repeat(51)}`, 'query.system'],
      ['?role=a%00b', 'query.role'],
    ]) {
      const answer = await call('GET', `${path}${query}`);
      expect([400, 422]).toContain(answer.status);
      expect((answer.body.error as { field: string }).field).toBe(field);
    }
    expect((await call('GET', path, undefined, 'agent')).status).toBe(403);
    expect((await call('GET', path, undefined, null)).status).toBe(401);
  });

  it("notes a service key's last use at most once a minute", async () => {
    const created = await call('POST', '/api/v1/service-keys', {
      name: 'reports',
      scopes: ['users:read'],
    });
    const id = created.body.id as string;
    const apiKey = created.body.apiKey as string;
    const lastUsed = async () => {
      const keys = (await call('GET', '/api/v1/service-keys')).body.items as {
        id: string;
        lastUsedAt: string | null;
        apiKey?: string;
      }[];
      const key = keys.find((k) => k.id === id)!;
      expect(key.apiKey).toBeUndefined();
      return key.lastUsedAt;
    };
    expect(await lastUsed()).toBeNull();
    const exchange = () =>
      requestJson(`${auth.server.url}/api/v1/service-tokens`, 'POST', {
        headers: { 'x-api-key': apiKey },
      });
    expect((await exchange()).status).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect((await exchange()).status).toBe(200);
    expect(await lastUsed()).toBe(first);

    await auth.database
      .db('service_keys')
      .where({ id })
      .update({ last_used_at: auth.database.db.raw("now() - interval '2 minutes'") });
    const stale = await lastUsed();
    expect((await exchange()).status).toBe(200);
    const fresh = await lastUsed();
    expect(Date.parse(fresh!)).toBeGreaterThan(Date.parse(stale!) + 60_000);
  });
});
