import { listTickets, type TicketFilter } from '../../../api/ticket/queries';
import type { TicketView } from '../../../api/ticket/tickets';
import { createTestDatabase, testConfig, type TestDatabase } from '../../support/platform';

const config = testConfig();
const DEPARTMENTS = ['IT', 'Legal', 'legal', 'HR'];
const STATUSES = ['open', 'closed', 'in_progress'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const WORDS = ['printer jam', 'vpn drops', 'printer toner', 'payroll error'];
/** Two tickets share each instant, so pages must break ties on id. */
const at = (i: number): Date => new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 2)));

interface Seeded {
  number: string;
  department: string;
  status: string;
  priority: string;
  requester: string;
  assignee: string | null;
  subject: string;
  createdAt: Date;
}

/** Every page of a filter, following nextCursor: the list the API would hand out, in order. */
async function allPages(db: TestDatabase['db'], filter: Omit<TicketFilter, 'limit' | 'cursor'>) {
  const seen: TicketView[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: TicketView[]; nextCursor: string | null } = await listTickets(db, {
      ...filter,
      limit: 3,
      ...(cursor ? { cursor } : {}),
    });
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return seen.map((ticket) => ticket.number);
}

/**
 * The ticket list's filter and search semantics, pinned while its indexes changed (migration
 * 006): every filter, alone and combined, paged three at a time through keyset cursors, returns
 * exactly the matching tickets newest first (ties by id, newest id first).
 */
describe('ticket list filters and search', () => {
  let database: TestDatabase;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(config, 'ticket');
    for (let i = 0; i < 40; i++) {
      seeded.push({
        number: `TX-${String(i).padStart(4, '0')}`,
        department: DEPARTMENTS[i % 4] as string,
        status: STATUSES[i % 3] as string,
        priority: PRIORITIES[(i >> 1) % 4] as string,
        requester: String(500 + (i % 5)),
        assignee: i % 7 === 0 ? null : String(700 + (i % 2)),
        subject: `${WORDS[i % 4] as string} on floor ${i}`,
        createdAt: at(i),
      });
    }
    await database.db('tickets').insert(
      seeded.map((t) => ({
        number: t.number,
        subject: t.subject,
        description: 'seeded for the list test',
        priority: t.priority,
        department: t.department,
        category: 'Support',
        system: 'tts',
        status: t.status,
        requester_id: t.requester,
        assignee_id: t.assignee,
        request_hash: t.number,
        created_at: t.createdAt,
      })),
    );
  });
  afterAll(async () => {
    await database.drop();
  });

  const newestFirst = (rows: Seeded[]): string[] =>
    [...rows]
      .sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.number.localeCompare(a.number),
      )
      .map((t) => t.number);
  const has = (subject: string, word: string): boolean => subject.split(' ').includes(word);

  const cases: [string, Omit<TicketFilter, 'limit' | 'cursor'>, (t: Seeded) => boolean][] = [
    ['no filter', {}, () => true],
    ['status', { status: 'open' }, (t) => t.status === 'open'],
    ['priority', { priority: 'critical' }, (t) => t.priority === 'critical'],
    [
      'department in any case',
      { department: 'LEGAL' },
      (t) => t.department.toLowerCase() === 'legal',
    ],
    ['category in any case', { category: 'support' }, () => true],
    ['assignee', { assigneeId: '701' }, (t) => t.assignee === '701'],
    [
      'requester and status',
      { requesterId: '502', status: 'closed' },
      (t) => t.requester === '502' && t.status === 'closed',
    ],
    [
      'status and priority',
      { status: 'in_progress', priority: 'low' },
      (t) => t.status === 'in_progress' && t.priority === 'low',
    ],
    [
      'date range: from inclusive, to exclusive',
      { createdFrom: at(10), createdTo: at(20) },
      (t) => t.createdAt >= at(10) && t.createdAt < at(20),
    ],
    ['one word', { q: 'printer' }, (t) => has(t.subject, 'printer')],
    [
      'two words: both',
      { q: 'printer toner' },
      (t) => has(t.subject, 'printer') && has(t.subject, 'toner'),
    ],
    ['or', { q: 'vpn or payroll' }, (t) => has(t.subject, 'vpn') || has(t.subject, 'payroll')],
    [
      'a word excluded',
      { q: 'printer -jam' },
      (t) => has(t.subject, 'printer') && !has(t.subject, 'jam'),
    ],
    ['a quoted phrase', { q: '"printer jam"' }, (t) => t.subject.startsWith('printer jam')],
    [
      'search, department and status',
      { q: 'printer', department: 'it', status: 'open' },
      (t) => has(t.subject, 'printer') && t.department === 'IT' && t.status === 'open',
    ],
    ['a word nobody wrote', { q: 'keyboard' }, () => false],
    ['punctuation only', { q: '!!! :* &' }, () => false],
  ];
  it.each(cases)('%s', async (_, filter, matches) => {
    const expected = newestFirst(seeded.filter(matches));
    expect(await allPages(database.db, filter)).toEqual(expected);
  });
});
