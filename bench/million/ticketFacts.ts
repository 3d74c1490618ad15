/**
 * One SQL subquery that derives every seeded ticket's facts from its serial `g` alone (hashes of
 * g, no random()), so the ticket, workflow and messaging databases are seeded in separate batches,
 * resumably, and still agree on each ticket's number, status, requester and assignee.
 * Bindings: from, to (the range of g) and the demo users' ids (requester1, requester2, it1, it2).
 */

/** The tickets' creation times are spread evenly from 2023-12-01, 94 s apart: three years for 1M. */
const ANCHOR_EPOCH = Date.UTC(2023, 11, 1) / 1000;
/** The last tickets of the million (about 27 days) carry most of the open ones, as a live desk. */
const RECENT_FROM = 975_000;

const list = (words: string[]): string =>
  `array[${words.map((word) => `'${word.replace(/'/g, "''")}'`).join(', ')}]`;

const VERBS = list([
  'Cannot access',
  'Error in',
  'Slow',
  'Request for',
  'Broken',
  'Reset',
  'Install',
  'Update',
  'Missing',
  'Problem with',
  'Question about',
  'Crash in',
]);
const OBJECTS = list([
  'VPN',
  'printer',
  'laptop',
  'email',
  'password',
  'payroll',
  'invoice',
  'badge',
  'monitor',
  'Wi-Fi',
  'database',
  'expense report',
  'contract',
  'desk',
  'phone',
  'licence',
  'account',
  'backup',
  'calendar',
  'intranet',
]);
const PLACES = list([
  'Berlin office',
  'London office',
  'home',
  'floor 3',
  'warehouse',
  'Paris office',
  'data centre',
  'meeting room',
  'New York office',
  'Madrid office',
]);
const SYMPTOMS = list([
  'keeps disconnecting',
  'shows an error message',
  'does not start',
  'is very slow',
  'rejects my login',
  'lost my settings',
  'prints blank pages',
  'asks for approval again',
]);
const DEPARTMENTS = list([
  'IT',
  'HR',
  'Finance',
  'Facilities',
  'Operations',
  'Sales',
  'Security',
  'Legal',
  'Procurement',
  'Marketing',
  'Engineering',
  'Support',
]);
const CATEGORIES = list([
  'Support',
  'Access',
  'Hardware',
  'Software',
  'Network',
  'Onboarding',
  'Payroll',
  'Purchase',
  'Repair',
  'Other',
]);

const hash = (salt: number): string => `(hashint4(g + ${salt * 1_000_003}) & 2147483647)`;

export const TICKET_FACTS = `(
  select y.*,
    'TKT-' || lpad(y.g::text, 7, '0') as number,
    case when y.status in ('new', 'unrouted') then null
         when y.h1 % 100 = 0 then :it1::text
         when y.h1 % 100 = 1 then :it2::text
         else (200000 + y.h1 % 200)::text end as assignee_id,
    y.created_at + make_interval(hours => case y.priority when 'critical' then 4
      when 'high' then 8 when 'medium' then 24 else 72 end) as sla_deadline,
    (y.h1 / 100) % 100 < 12 as sla_breached,
    y.created_at + make_interval(mins => 5 + (y.h4 / 1000) % 600) as first_response_at,
    case when y.status in ('resolved', 'closed')
         then y.created_at + make_interval(mins => 20 + (y.h3 / 1000) % 10000) end as resolved_at,
    case when y.status in ('resolved', 'rejected', 'cancelled')
         then y.created_at + make_interval(mins => 20 + (y.h3 / 1000) % 10000)
         when y.status = 'closed'
         then y.created_at + make_interval(mins => 20 + (y.h3 / 1000) % 10000, days => 7) end
      as closed_at
  from (
    select x.*,
      case when x.h1 % 100 < 30 then 'low' when x.h1 % 100 < 75 then 'medium'
           when x.h1 % 100 < 95 then 'high' else 'critical' end as priority,
      (${DEPARTMENTS})[1 + floor(12 * power((x.h2 % 1000) / 1000.0, 2))::int] as department,
      (${CATEGORIES})[1 + x.h3 % 10] as category,
      case when x.g > ${RECENT_FROM} then
        case when x.h4 % 100 < 3 then 'new' when x.h4 % 100 < 31 then 'open'
             when x.h4 % 100 < 56 then 'in_progress' when x.h4 % 100 < 63 then 'on_hold'
             when x.h4 % 100 < 81 then 'resolved' when x.h4 % 100 < 96 then 'closed'
             when x.h4 % 100 < 98 then 'rejected' else 'cancelled' end
      else
        case when x.h4 % 100 < 2 then 'open' when x.h4 % 100 < 4 then 'in_progress'
             when x.h4 % 100 < 5 then 'on_hold' when x.h4 % 100 < 90 then 'closed'
             when x.h4 % 100 < 95 then 'rejected' else 'cancelled' end
      end as status,
      case when x.h5 % 500 = 0 then :requester1::text
           when x.h5 % 5000 = 1 then :requester2::text
           else (100000 + (x.h5 / 7) % 20000)::text end as requester_id,
      (${VERBS})[1 + x.h6 % 12] || ' ' || (${OBJECTS})[1 + (x.h6 / 12) % 20] || ' at the '
        || (${PLACES})[1 + (x.h6 / 240) % 10] as subject,
      'Since this morning the ' || (${OBJECTS})[1 + (x.h6 / 12) % 20] || ' '
        || (${SYMPTOMS})[1 + (x.h6 / 2400) % 8] || '. Asset tag AT-' || (x.h3 % 50000)::text
        || '. Reference ' || x.g::text || '.' as description
    from (
      select g, ${hash(1)} as h1, ${hash(2)} as h2, ${hash(3)} as h3, ${hash(4)} as h4,
        ${hash(5)} as h5, ${hash(6)} as h6,
        to_timestamp(${ANCHOR_EPOCH} + g * 94 + ${hash(7)} % 60) as created_at
      from generate_series(:from::int, :to::int) g
    ) x
  ) y
) facts`;
