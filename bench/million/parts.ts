import type { ServiceName } from '../../infra/config/services';
import { TICKET_FACTS } from './ticketFacts';

/**
 * What the seed writes, one part per table family, each an INSERT … SELECT over TICKET_FACTS for
 * a range of tickets (bindings :from and :to, the demo users' ids, :definition).
 */
export interface SeedPart {
  name: string;
  service: ServiceName;
  sql: string;
}

const tickets = `
insert into tickets (id, number, subject, description, priority, department, category, system,
  status, requester_id, assignee_id, assigned_role, sla_deadline, sla_breached, request_hash,
  created_at, updated_at, closed_at, resolved_at, reopen_until)
select g, number, subject, description, priority, department, category, 'tts', status,
  requester_id, assignee_id, case when assignee_id is not null then 'IT Support' end,
  case when status = 'on_hold' then null else sla_deadline end, sla_breached, md5(g::text),
  created_at, coalesce(closed_at, first_response_at), closed_at, resolved_at,
  case when status = 'resolved' then resolved_at + interval '7 days' end
from ${TICKET_FACTS}`;

/** Filed, assigned, first staff action, and the last status change: about 3.8 rows a ticket. */
const history = `
insert into ticket_history (ticket_id, event_key, type, actor_kind, actor_id, from_status,
  to_status, details, occurred_at, recorded_at)
select g, 'bm:' || g || ':' || e.k, e.type, e.kind, e.actor, e.from_status, e.to_status,
  e.details::jsonb, e.at, e.at
from ${TICKET_FACTS}
cross join lateral (values
  (1, 'created', 'user', requester_id, null, 'new', '{}', created_at),
  (2, 'assigned', 'system', null, 'new', 'open',
     '{"assigneeId":"' || coalesce(assignee_id, '') || '"}', created_at + interval '3 seconds'),
  (3, 'status_changed', 'user', assignee_id, 'open', 'in_progress', '{}', first_response_at),
  (4, 'status_changed', 'user', assignee_id, 'in_progress', status, '{}', closed_at)
) as e(k, type, kind, actor, from_status, to_status, details, at)
where e.k = 1
   or (e.k = 2 and assignee_id is not null)
   or (e.k = 3 and status not in ('new', 'unrouted', 'open'))
   or (e.k = 4 and closed_at is not null)`;

const satisfaction = `
insert into ticket_satisfaction (ticket_id, rating, comment, rated_by, rated_at)
select g, case when h1 % 10 < 8 then 'good' else 'bad' end,
  case when h2 % 3 = 0 then 'Thanks for the quick help' end, requester_id,
  resolved_at + interval '1 hour'
from ${TICKET_FACTS}
where resolved_at is not null and h2 % 5 = 0`;

/** The ticket's last step's task (active while the ticket is open), and a done triage for half. */
const tasks = `
insert into tasks (id, task_key, ticket_number, workflow_id, definition_id, step_key, step_name,
  role, system, assignee_id, status, sla_deadline, sla_breached, warning_sent, created_at,
  started_at, completed_at, updated_at)
select case when t.k = 1 then g else 1000000 + g end, 'bm:' || g || ':' || t.k, number,
  'ticket-' || number, :definition::bigint, t.step, t.name, 'IT Support', 'tts', assignee_id,
  t.task_status, case when t.task_status = 'on_hold' then null else sla_deadline end,
  sla_breached and t.k = 1, false, created_at, first_response_at, t.done, coalesce(t.done, created_at)
from ${TICKET_FACTS}
cross join lateral (values
  (1, 'resolution', 'Resolution',
     case status when 'open' then 'pending'
       when 'in_progress' then case when h6 % 20 = 0 then 'escalated' else 'in_progress' end
       when 'on_hold' then 'on_hold' when 'cancelled' then 'cancelled' else 'completed' end,
     closed_at),
  (2, 'triage', 'Triage', 'completed', first_response_at)
) as t(k, step, name, task_status, done)
where status not in ('new', 'unrouted') and (t.k = 1 or g % 2 = 0)`;

/** Three comments on every tenth ticket: the requester's, staff's (internal a third of the time), a reply. */
const comments = `
insert into comments (ticket_number, author_kind, author_id, author_name, body, internal,
  comment_key, body_sha256, created_at)
select number, 'user', c.author, 'User ' || c.author, c.body, c.internal, 'bm:' || g || ':' || c.k,
  encode(sha256(convert_to((case when c.internal then 'i:' else 'p:' end) || c.body, 'UTF8')), 'hex'),
  created_at + make_interval(hours => c.k)
from ${TICKET_FACTS}
cross join lateral (values
  (1, requester_id, 'Still happening: ' || subject, false),
  (2, coalesce(assignee_id, :it1::text), 'Checked the logs for ticket ' || g || ', looks like a config issue', h2 % 3 = 0),
  (3, requester_id, 'Thanks, that fixed it', false)
) as c(k, author, body, internal)
where g % 10 = 3`;

export const SEED_PARTS: SeedPart[] = [
  { name: 'tickets', service: 'ticket', sql: tickets },
  { name: 'history', service: 'ticket', sql: history },
  { name: 'satisfaction', service: 'ticket', sql: satisfaction },
  { name: 'tasks', service: 'workflow', sql: tasks },
  { name: 'comments', service: 'messaging', sql: comments },
];

/** The sequences to move past the seeded ids, so the apps' own inserts do not collide. */
export const SEQUENCES: Partial<Record<ServiceName, string[]>> = {
  ticket: [
    "select setval('tickets_id_seq', (select max(id) from tickets))",
    "select setval('ticket_number_seq', (select max(id) from tickets))",
  ],
  workflow: ["select setval('tasks_id_seq', (select max(id) from tasks))"],
};
