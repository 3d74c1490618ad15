import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Page, TaskRecord } from '../api/types';
import { SlaBadge } from '../components/Badges';
import { slaStateOf } from '../components/sla';
import { formatDateTime, humanize } from '../components/format';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { Table } from '../components/Table';
import { useResource } from '../hooks/useResource';
import { useSession } from '../session/SessionProvider';

const TABS = [
  { key: 'active', label: 'Active' },
  { key: 'unassigned', label: 'Unassigned' },
  { key: 'inactive', label: 'Done' },
] as const;
const REFRESH_MS = 30_000;

/** The agent's queue, most urgent SLA first; breaches and warnings stand out. */
export function TasksPage() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t.key === params.get('tab'))?.key ?? 'active';

  const load = useCallback(
    () =>
      api.request<Page<TaskRecord>>('workflow', '/api/v1/tasks', {
        query: { tab, limit: 100, ...(tab === 'unassigned' ? {} : { assignee: 'me' }) },
      }),
    [api, tab],
  );
  const { data, error, loading } = useResource(load, { refreshMs: REFRESH_MS });

  const tasks = data?.items ?? [];
  const breached = tasks.filter((t) => slaStateOf(t) === 'breached').length;
  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">My queue</h1>
        {tab === 'active' && breached > 0 ? (
          <span className="badge sla-breached">{breached} breached</span>
        ) : null}
      </div>
      <nav className="tabs" aria-label="Queue">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            className={t.key === tab ? 'selected' : 'secondary'}
            aria-current={t.key === tab ? 'page' : undefined}
            onClick={() => setParams({ tab: t.key }, { replace: true })}
          >
            {t.label}
          </button>
        ))}
      </nav>
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
    </section>
  );
}
