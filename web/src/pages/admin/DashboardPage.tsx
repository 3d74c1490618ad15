import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { PRIORITIES, TICKET_STATUSES } from '../../../../domain/tickets';
import type { Page, RatedTicket, TicketStats } from '../../api/types';
import { Field } from '../../components/Field';
import { formatDateTime, formatDuration, humanize } from '../../components/format';
import { Options } from '../../components/Options';
import { ErrorNotice, Loading } from '../../components/States';
import { useResource } from '../../hooks/useResource';
import { useUrlParams } from '../../hooks/useUrlParams';
import { useSession } from '../../session/SessionProvider';
import { TrendCharts } from './TrendCharts';

function Bars({
  title,
  counts,
  order,
  filter,
}: {
  title: string;
  counts: Record<string, number>;
  order: readonly string[];
  filter: 'status' | 'priority';
}) {
  const rows = order.filter((key) => counts[key]);
  const max = Math.max(1, ...rows.map((key) => counts[key] ?? 0));
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? <p className="state empty">No open tickets.</p> : null}
      <dl className="bars">
        {rows.map((key) => (
          <div key={key}>
            <dt>
              <Link to={`/tickets?${filter}=${key}`}>{humanize(key)}</Link>
            </dt>
            <dd>
              <span className="bar" style={{ width: `${((counts[key] ?? 0) / max) * 100}%` }} />
              <span>{counts[key]}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The latest ratings requesters gave their resolved tickets, with what they said. */
function RecentRatings() {
  const { api } = useSession();
  const [only, setOnly] = useState<'' | 'bad'>('');
  const load = useCallback(
    () =>
      api.request<Page<RatedTicket>>('ticket', '/api/v1/tickets/satisfaction', {
        query: { limit: 10, rating: only || undefined },
      }),
    [api, only],
  );
  const { data, error } = useResource(load, { refreshMs: 60_000 });
  return (
    <section className="card" aria-label="Latest satisfaction ratings">
      <h2>Latest ratings</h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={only === 'bad'}
          onChange={(e) => setOnly(e.target.checked ? 'bad' : '')}
        />{' '}
        Only bad
      </label>
      {error ? <ErrorNotice error={error} /> : null}
      {data && data.items.length === 0 ? <p className="state empty">No ratings yet.</p> : null}
      <ul className="ratings">
        {data?.items.map((r) => (
          <li key={r.ticketNumber} data-testid="rating">
            <strong className={`rating-${r.rating}`}>{humanize(r.rating)}</strong>{' '}
            <Link to={`/tickets/${encodeURIComponent(r.ticketNumber)}`}>{r.ticketNumber}</Link>{' '}
            {r.subject}
            {r.comment ? <> — “{r.comment}”</> : null}{' '}
            <time dateTime={r.ratedAt} className="hint">
              {formatDateTime(r.ratedAt)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}

const orNone = (seconds: number | null): string =>
  seconds === null ? '—' : formatDuration(seconds);

const PERIODS = [
  { value: '', label: 'All time', days: null },
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
] as const;
const DAY_MS = 86_400_000;

/**
 * Open tickets by status and priority, SLA breach rate, median first response and resolution,
 * requesters' satisfaction; the rates and medians over the tickets filed in the period chosen
 * (kept in the URL); the trend charts; the latest ratings with their comments.
 */
export function DashboardPage() {
  const { api } = useSession();
  const url = useUrlParams();
  const period = PERIODS.find((p) => p.value === url.get('period')) ?? PERIODS[0];
  const load = useCallback(
    () =>
      api.request<TicketStats>('ticket', '/api/v1/tickets/stats', {
        query: {
          createdFrom: period.days
            ? new Date(Date.now() - period.days * DAY_MS).toISOString()
            : undefined,
        },
      }),
    [api, period],
  );
  const { data, error } = useResource(load, { refreshMs: 60_000 });
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="Loading the dashboard" />;
  const open = Object.values(data.open.byStatus).reduce((a, b) => a + b, 0);
  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <Field label="Tickets filed">
          <select value={period.value} onChange={(e) => url.set('period', e.target.value)}>
            <Options options={PERIODS.map(({ value, label }) => ({ value, label }))} />
          </select>
        </Field>
      </div>
      <div className="kpis">
        <div className="kpi" data-testid="kpi-open">
          <span className="kpi-value">{open}</span>
          <span>open of {data.total} tickets</span>
        </div>
        <div className="kpi">
          <span className="kpi-value">
            {data.slaBreachRate === null ? '—' : `${Math.round(data.slaBreachRate * 1000) / 10} %`}
          </span>
          <span>SLA breach rate</span>
        </div>
        <div className="kpi" data-testid="kpi-first-response">
          <span className="kpi-value">{orNone(data.medianFirstResponseSeconds)}</span>
          <span>median first response</span>
        </div>
        <div className="kpi">
          <span className="kpi-value">{orNone(data.medianResolutionSeconds)}</span>
          <span>median resolution</span>
        </div>
        <div className="kpi" data-testid="kpi-satisfaction">
          <span className="kpi-value">
            {data.satisfaction.score === null
              ? '—'
              : `${Math.round(data.satisfaction.score * 1000) / 10} %`}
          </span>
          <span>
            satisfied ({data.satisfaction.good} good, {data.satisfaction.bad} bad)
          </span>
        </div>
        <div className="kpi">
          <span className="kpi-value">{data.awaitingRequester}</span>
          <span>resolved, awaiting requester</span>
        </div>
      </div>
      <div className="two-up">
        <Bars
          title="Open by status"
          counts={data.open.byStatus}
          order={TICKET_STATUSES}
          filter="status"
        />
        <Bars
          title="Open by priority"
          counts={data.open.byPriority}
          order={PRIORITIES}
          filter="priority"
        />
      </div>
      <TrendCharts />
      <RecentRatings />
    </section>
  );
}
