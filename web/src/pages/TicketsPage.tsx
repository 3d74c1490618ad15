import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { CLOSED_STATUSES, PRIORITIES, TICKET_STATUSES } from '../../../domain/tickets';
import type { Page, TicketView } from '../api/types';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/Badges';
import { Field } from '../components/Field';
import { formatDateTime } from '../components/format';
import { Options } from '../components/Options';
import { SearchField } from '../components/SearchField';
import { Table } from '../components/Table';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { useAction } from '../hooks/useAction';
import { useResource } from '../hooks/useResource';
import { useUrlParams } from '../hooks/useUrlParams';
import { useSession } from '../session/SessionProvider';
import { useTicketChanges } from '../live/useTicketChanges';

/** A fallback: changes are pushed (see useTicketChanges). */
const REFRESH_MS = 30_000;

/**
 * Tickets with filters kept in the URL (bookmarkable, shareable), statuses, assignees and SLA
 * state pushed live (and refreshed every 30 s besides); requesters see their own.
 */
export function TicketsPage() {
  const { api, roles } = useSession();
  const url = useUrlParams();
  const status = url.get('status');
  const priority = url.get('priority');
  const q = url.get('q');
  const filters = `${status}|${priority}|${q}`;
  /** Pages loaded with "Load more", for the filters they were loaded under. */
  const [later, setLater] = useState<{
    filters: string;
    items: TicketView[];
    cursor: string | null;
  } | null>(null);
  const extra = later?.filters === filters ? later : null;

  const load = useCallback(
    () =>
      api.request<Page<TicketView>>('ticket', '/api/v1/tickets', {
        query: { status, priority, q, limit: 25 },
      }),
    [api, status, priority, q],
  );
  const { data, error, loading, reload } = useResource(load, { refreshMs: REFRESH_MS });
  useTicketChanges(reload);

  const items = [...(data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (data?.nextCursor ?? null);
  const more = useAction();
  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.request<Page<TicketView>>('ticket', '/api/v1/tickets', {
      query: { status, priority, q, limit: 25, cursor },
    });
    setLater({
      filters,
      items: [...(extra?.items ?? []), ...page.items],
      cursor: page.nextCursor ?? null,
    });
  };

  return (
    <section aria-labelledby="tickets-title">
      <div className="page-head">
        <h1 id="tickets-title">{roles.isStaff ? 'Tickets' : 'My tickets'}</h1>
        <Link className="button" to="/tickets/new">
          New ticket
        </Link>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SearchField
          value={q}
          placeholder="Number or subject"
          onSearch={(value) => url.set('q', value)}
        />
        <Field label="Status">
          <select value={status} onChange={(e) => url.set('status', e.target.value)}>
            <Options options={[{ value: '', label: 'Any' }, ...TICKET_STATUSES]} />
          </select>
        </Field>
        <Field label="Priority">
          <select value={priority} onChange={(e) => url.set('priority', e.target.value)}>
            <Options options={[{ value: '', label: 'Any' }, ...PRIORITIES]} />
          </select>
        </Field>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {loading && !data ? <Loading what="Loading tickets" /> : null}
      {data && items.length === 0 ? (
        <Empty>
          {status || priority || q ? 'No ticket matches these filters.' : 'No tickets yet.'}{' '}
          <Link to="/tickets/new">File one</Link>.
        </Empty>
      ) : null}
      {items.length > 0 ? (
        <Table columns={['Ticket', 'Subject', 'Status', 'Priority', 'SLA', 'Filed']}>
          {items.map((t) => (
            <tr key={t.number}>
              <td>
                <Link to={`/tickets/${t.number}`}>{t.number}</Link>
              </td>
              <td>{t.subject}</td>
              <td>
                <StatusBadge status={t.status} />
              </td>
              <td>
                <PriorityBadge priority={t.priority} />
              </td>
              <td>
                {CLOSED_STATUSES.includes(t.status) ? (
                  '—'
                ) : (
                  <SlaBadge task={{ ...t, warningSent: false }} />
                )}
              </td>
              <td>{formatDateTime(t.createdAt)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      {more.error ? <ErrorNotice error={more.error} /> : null}
      {cursor ? (
        <button
          type="button"
          className="secondary"
          disabled={more.busy}
          onClick={() => void more.run(loadMore)}
        >
          {more.busy ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
