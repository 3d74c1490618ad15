import { useCallback } from 'react';
import { Link } from 'react-router';
import type { Page, TaskRecord } from '../api/types';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/Badges';
import { Field } from '../components/Field';
import { Options } from '../components/Options';
import { SearchField } from '../components/SearchField';
import { slaStateOf } from '../components/sla';
import { formatDateTime, humanize } from '../components/format';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { Table } from '../components/Table';
import { Tabs } from '../components/Tabs';
import { useResource } from '../hooks/useResource';
import { useUrlParams } from '../hooks/useUrlParams';
import { useSession } from '../session/SessionProvider';
import { useTicketChanges } from '../live/useTicketChanges';

const TABS = [
  { key: 'active', label: 'Active' },
  { key: 'unassigned', label: 'Unassigned' },
  { key: 'inactive', label: 'Done' },
  { key: 'coordinating', label: 'Coordinating' },
] as const;
type TaskTab = Exclude<(typeof TABS)[number]['key'], 'coordinating'>;
/** A fallback: changes are pushed (see useTicketChanges). */
const REFRESH_MS = 30_000;

interface CoordinatedTicket {
  ticketNumber: string;
  status: string;
  priority: string;
}

/** The tickets the user coordinates (owns): what a Ticket Coordinator monitors. */
function CoordinatedTickets() {
  const { api } = useSession();
  const load = useCallback(
    () => api.request<{ items: CoordinatedTicket[] }>('workflow', '/api/v1/coordinated-tickets'),
    [api],
  );
  const { data, error } = useResource(load, { refreshMs: REFRESH_MS });
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="Loading the tickets you coordinate" />;
  if (data.items.length === 0) return <Empty>You coordinate no tickets.</Empty>;
  return (
    <Table columns={['Ticket', 'Status', 'Priority']}>
      {data.items.map((t) => (
        <tr key={t.ticketNumber} data-testid="coordinated-row">
          <td>
            <Link to={`/tickets/${t.ticketNumber}`}>{t.ticketNumber}</Link>
          </td>
          <td>
            <StatusBadge status={t.status} />
          </td>
          <td>
            <PriorityBadge priority={t.priority} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

/**
 * The agent's queue, most urgent SLA first; breaches and warnings stand out; changes are pushed
 * live (a new assignment shows at once). Tab, search and role live in the URL; the Coordinating tab lists the tickets the user owns as coordinator.
 */
export function TasksPage() {
  const { roles } = useSession();
  const url = useUrlParams();
  const tab = TABS.find((t) => t.key === url.get('tab'))?.key ?? 'active';

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">My queue</h1>
      <Tabs label="Queue" tabs={TABS} current={tab} onSelect={(key) => url.set('tab', key)} />
      {tab === 'coordinating' ? (
        <CoordinatedTickets />
      ) : (
        <>
          <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
            <SearchField
              value={url.get('q')}
              placeholder="Ticket number or step"
              onSearch={(value) => url.set('q', value)}
            />
            <Field label="Role">
              <select value={url.get('role')} onChange={(e) => url.set('role', e.target.value)}>
                <Options
                  options={[
                    { value: '', label: 'Any of mine' },
                    ...roles.names
                      .filter((r) => r !== 'requester')
                      .map((r) => ({ value: r, label: r })),
                  ]}
                />
              </select>
            </Field>
          </form>
          <TaskList tab={tab} q={url.get('q')} role={url.get('role')} />
        </>
      )}
    </section>
  );
}

function TaskList({ tab, q, role }: { tab: TaskTab; q: string; role: string }) {
  const { api, user } = useSession();
  const load = useCallback(
    () =>
      api.request<Page<TaskRecord>>('workflow', '/api/v1/tasks', {
        query: { tab, q, role, limit: 100, ...(tab === 'unassigned' ? {} : { assignee: 'me' }) },
      }),
    [api, tab, q, role],
  );
  const { data, error, loading, reload } = useResource(load, { refreshMs: REFRESH_MS });
  const tasks = data?.items ?? [];
  // Reloaded when a change concerns this list: assigned to me, unassigned (that tab), or shown.
  useTicketChanges(
    reload,
    ({ ticket, event }) =>
      (tab === 'unassigned' ? event.assigneeId === null : event.assigneeId === user?.id) ||
      tasks.some((task) => task.ticketNumber === ticket),
  );

  const breached = tasks.filter((t) => slaStateOf(t) === 'breached').length;
  return (
    <>
      {tab === 'active' && breached > 0 ? (
        <p>
          <span className="badge sla-breached">{breached} breached</span>
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {loading && !data ? <Loading what="Loading your queue" /> : null}
      {data && tasks.length === 0 ? (
        <Empty>{tab === 'active' ? 'Nothing waiting for you.' : 'No tasks here.'}</Empty>
      ) : null}
      {tasks.length > 0 ? (
        <Table columns={['Ticket', 'Step', 'Role', 'Status', 'SLA', 'Since']}>
          {tasks.map((t) => (
            <tr key={t.id} className={`sla-row-${slaStateOf(t)}`} data-testid="task-row">
              <td>
                <Link to={`/tickets/${t.ticketNumber}`}>{t.ticketNumber}</Link>
              </td>
              <td>{t.stepName}</td>
              <td>{t.role}</td>
              <td>{humanize(t.status)}</td>
              <td>
                {tab === 'inactive' ? (
                  t.slaBreached ? (
                    <span className="badge sla-breached">Breached</span>
                  ) : (
                    '—'
                  )
                ) : (
                  <SlaBadge task={t} />
                )}
              </td>
              <td>{formatDateTime(t.createdAt)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
