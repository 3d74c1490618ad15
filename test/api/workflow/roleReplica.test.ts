import { RoleMemberReplica } from '../../../activities/roleReplica';
import { roleSyncHandler } from '../../../api/workflow/consumers/roleSync';
import type { Person } from '../../../domain/people';
import { createTestDatabase, testConfig, type TestDatabase } from '../../support/platform';

const ann: Person = { id: '11', email: 'ann@example.test', name: 'Ann' };
const bob: Person = { id: '12', email: 'bob@example.test', name: 'Bob' };
const cat: Person = { id: '13', email: 'cat@example.test', name: 'Cat' };

/** An auth directory stand-in: answers what `holders` says now. */
function directory(holders: Person[]) {
  const auth = { holders };
  const fetch = () => Promise.resolve([...auth.holders]);
  return { auth, fetch };
}

describe('role member replica (workflow database)', () => {
  let database: TestDatabase;
  let replica: RoleMemberReplica;

  beforeAll(async () => {
    database = await createTestDatabase(testConfig(), 'workflow');
    replica = new RoleMemberReplica(database.db);
  });
  afterAll(() => database.drop());

  it('answers from its own tables once filled, in auth’s order, until the role is dropped', async () => {
    const { auth, fetch } = directory([bob, ann]);
    expect(await replica.members('tts', 'Agents', fetch)).toEqual([bob, ann]);
    auth.holders = [cat];
    expect(await replica.members('tts', 'Agents', fetch)).toEqual([bob, ann]);
    expect(await replica.members('hdts', 'Agents', fetch)).toEqual([cat]);
    const stored = await database.db('role_members').where({ system: 'tts', role: 'Agents' });
    expect(stored.map((row: { user_id: string }) => row.user_id).sort()).toEqual(['11', '12']);

    await replica.dropRole('tts', 'Agents');
    expect(await replica.members('tts', 'Agents', fetch)).toEqual([cat]);
  });

  it('forgets the sets a deactivated user is in, and everything when a user comes back', async () => {
    const agents = directory([ann, bob]);
    const managers = directory([cat]);
    await replica.members('tts', 'Support', agents.fetch);
    await replica.members('tts', 'Managers', managers.fetch);
    agents.auth.holders = [bob];
    managers.auth.holders = [];
    await replica.dropSetsOf(ann.id);
    expect(await replica.members('tts', 'Support', agents.fetch)).toEqual([bob]);
    expect(await replica.members('tts', 'Managers', managers.fetch)).toEqual([cat]);
    await replica.dropAll();
    expect(await replica.members('tts', 'Managers', managers.fetch)).toEqual([]);
  });

  it('does not keep an answer fetched before a drop that happened while it was in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stale = replica.members('tts', 'Racing', async () => {
      await gate;
      return [ann];
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await replica.dropRole('tts', 'Racing');
    release();
    expect(await stale).toEqual([ann]);
    const { fetch } = directory([bob]);
    expect(await replica.members('tts', 'Racing', fetch)).toEqual([bob]);
  });

  it('refills a set older than its maximum age (names and e-mails follow auth)', async () => {
    const young = new RoleMemberReplica(database.db, 300);
    const { auth, fetch } = directory([ann]);
    await young.members('tts', 'Aging', fetch);
    auth.holders = [{ ...ann, email: 'ann.new@example.test' }];
    expect(await young.members('tts', 'Aging', fetch)).toEqual([ann]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await young.members('tts', 'Aging', fetch)).toEqual([auth.holders[0]]);
  });

  it('drops a role announced on tts.role.sync, and refuses a malformed announcement', async () => {
    const { auth, fetch } = directory([ann]);
    await replica.members('tts', 'Renamed', fetch);
    auth.holders = [bob];
    const handle = roleSyncHandler(replica);
    const event = {
      id: 'e1',
      type: 'role.deleted',
      system: 'tts',
      role: 'Renamed',
      occurredAt: '',
    };
    await handle(event, undefined as never);
    expect(await replica.members('tts', 'Renamed', fetch)).toEqual([bob]);
    await expect(handle({ ...event, role: '' }, undefined as never)).rejects.toThrow();
  });
});
