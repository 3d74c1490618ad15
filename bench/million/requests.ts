/**
 * The requests the million-ticket bench times: one row per named request, so another endpoint
 * is one more row. `path(i)` varies with the iteration (other agents, terms, months), as real
 * traffic does, instead of timing one cached answer. `deepPage` first follows that many pages'
 * cursors and then times the page after them.
 */
export type Caller = 'requester' | 'agent' | 'admin';

/** What the paths need to know about the seeded data: its newest ticket's filing time. */
export interface SeededData {
  latest: Date;
}

export interface BenchRequest {
  family: 'requester list' | 'agent queue' | 'filters' | 'search' | 'dashboard';
  name: string;
  service: 'ticket' | 'workflow';
  as: Caller;
  path: (i: number, data: SeededData) => string;
  deepPage?: number;
}

/** The family's goal for p99 through the HTTP API, in ms (the issue's). */
export const GOAL_MS: Record<BenchRequest['family'], number> = {
  'requester list': 50,
  'agent queue': 50,
  filters: 50,
  search: 50,
  dashboard: 200,
};

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;
const agent = (i: number): string => String(200000 + ((i * 37) % 200));
const DEPARTMENTS = ['IT', 'HR', 'Finance', 'Legal', 'Marketing', 'Support'];
const STATUSES = ['open', 'in_progress', 'on_hold', 'resolved', 'closed'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const TERMS = ['printer', 'vpn', 'payroll', 'badge', 'invoice', 'laptop', 'backup', 'intranet'];
const PHRASES = ['printer berlin', 'vpn home', 'payroll error', 'badge warehouse', 'laptop slow'];
const month = (i: number): string => {
  const start = new Date(Date.UTC(2024, (i * 7) % 34, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return `createdFrom=${start.toISOString()}&createdTo=${end.toISOString()}`;
};
/** The dashboard's "last N days", counted back from the newest seeded ticket. */
const lastDays = (days: number, data: SeededData): string =>
  new Date(data.latest.getTime() - days * 86_400_000).toISOString();

const tickets = '/api/v1/tickets';
const tasks = '/api/v1/tasks';

export const REQUESTS: BenchRequest[] = [
  {
    family: 'requester list',
    name: 'my tickets',
    service: 'ticket',
    as: 'requester',
    path: () => tickets,
  },
  {
    family: 'requester list',
    name: 'my tickets by status',
    service: 'ticket',
    as: 'requester',
    path: (i) => `${tickets}?status=${pick(STATUSES, i)}`,
  },
  {
    family: 'requester list',
    name: 'my tickets, page 21',
    service: 'ticket',
    as: 'requester',
    path: () => tickets,
    deepPage: 20,
  },
  {
    family: 'agent queue',
    name: 'my active tasks',
    service: 'workflow',
    as: 'agent',
    path: () => `${tasks}?assignee=me&tab=active`,
  },
  {
    family: 'agent queue',
    name: 'unassigned',
    service: 'workflow',
    as: 'agent',
    path: () => `${tasks}?tab=unassigned`,
  },
  {
    family: 'agent queue',
    name: 'role queue',
    service: 'workflow',
    as: 'agent',
    path: () => `${tasks}?role=IT%20Support&tab=active`,
  },
  {
    family: 'agent queue',
    name: 'role queue, page 21',
    service: 'workflow',
    as: 'agent',
    path: () => `${tasks}?role=IT%20Support&tab=active`,
    deepPage: 20,
  },
  {
    family: 'agent queue',
    name: "a colleague's tasks",
    service: 'workflow',
    as: 'agent',
    path: (i) => `${tasks}?assignee=${agent(i)}&tab=active`,
  },
  {
    family: 'agent queue',
    name: 'queue search',
    service: 'workflow',
    as: 'agent',
    path: (i) => `${tasks}?q=TKT-09${String(i % 100).padStart(2, '0')}&tab=active`,
  },
  {
    family: 'filters',
    name: 'all, newest first',
    service: 'ticket',
    as: 'admin',
    path: () => tickets,
  },
  {
    family: 'filters',
    name: 'status',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?status=${pick(STATUSES, i)}`,
  },
  {
    family: 'filters',
    name: 'priority',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?priority=${pick(PRIORITIES, i)}`,
  },
  {
    family: 'filters',
    name: 'department',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?department=${pick(DEPARTMENTS, i)}`,
  },
  {
    family: 'filters',
    name: 'assignee',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?assignee=${agent(i)}`,
  },
  {
    family: 'filters',
    name: 'date range (a month)',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?${month(i)}`,
  },
  {
    family: 'filters',
    name: 'open + critical + department',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?status=open&priority=critical&department=${pick(DEPARTMENTS, i)}`,
  },
  {
    family: 'filters',
    name: 'assignee + status + month',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?assignee=${agent(i)}&status=closed&${month(i)}`,
  },
  {
    family: 'filters',
    name: 'status, page 21',
    service: 'ticket',
    as: 'admin',
    path: () => `${tickets}?status=open`,
    deepPage: 20,
  },
  {
    family: 'search',
    name: 'one word',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?q=${pick(TERMS, i)}`,
  },
  {
    family: 'search',
    name: 'two words',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?q=${encodeURIComponent(pick(PHRASES, i))}`,
  },
  {
    family: 'search',
    name: 'rare asset tag',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?q=AT-${(i * 977) % 50000}`,
  },
  {
    family: 'search',
    name: 'word + open',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?q=${pick(TERMS, i)}&status=open`,
  },
  {
    family: 'search',
    name: 'word + department + month',
    service: 'ticket',
    as: 'admin',
    path: (i) => `${tickets}?q=${pick(TERMS, i)}&department=${pick(DEPARTMENTS, i)}&${month(i)}`,
  },
  {
    family: 'search',
    name: 'requester: own tickets',
    service: 'ticket',
    as: 'requester',
    path: (i) => `${tickets}?q=${pick(TERMS, i)}`,
  },
  {
    family: 'dashboard',
    name: 'stats, all time',
    service: 'ticket',
    as: 'admin',
    path: () => `${tickets}/stats`,
  },
  {
    family: 'dashboard',
    name: 'stats, 30 days',
    service: 'ticket',
    as: 'admin',
    path: (_, data) => `${tickets}/stats?createdFrom=${lastDays(30, data)}`,
  },
  {
    family: 'dashboard',
    name: 'stats, 7 days',
    service: 'ticket',
    as: 'admin',
    path: (_, data) => `${tickets}/stats?createdFrom=${lastDays(7, data)}`,
  },
  {
    family: 'dashboard',
    name: 'latest ratings',
    service: 'ticket',
    as: 'admin',
    path: () => `${tickets}/satisfaction`,
  },
];
