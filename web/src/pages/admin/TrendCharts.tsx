import { useCallback } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { DURATION_BANDS } from '../../../../domain/reports';
import type { Page, TicketReport, UserView } from '../../api/types';
import { ChartCard } from '../../components/ChartCard';
import { Field } from '../../components/Field';
import { Options } from '../../components/Options';
import { ErrorNotice, Loading } from '../../components/States';
import { useResource } from '../../hooks/useResource';
import { useUrlParams } from '../../hooks/useUrlParams';
import { useSession } from '../../session/SessionProvider';

const PERIODS = [
  { value: '1d', label: 'Today', days: 1 },
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
  { value: '90d', label: 'Last 90 days', days: 90 },
  { value: '1y', label: 'Last year', days: 365 },
] as const;
const DAY_MS = 86_400_000;
const HEIGHT = 240;
const COLORS = { filed: '#2563eb', resolved: '#16a34a', backlog: '#9333ea', breach: '#dc2626' };

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const bandLabel = (key: string): string =>
  DURATION_BANDS.find((band) => band.key === key)?.label ?? key;
const percent = (share: number | null): string =>
  share === null ? '—' : `${String(Math.round(share * 1000) / 10)} %`;

function Volume({ report }: { report: TicketReport }) {
  const unit = report.period.bucket === 'week' ? 'Week of' : 'Day';
  const filed = report.volume.reduce((sum, point) => sum + point.filed, 0);
  const resolved = report.volume.reduce((sum, point) => sum + point.resolved, 0);
  const last = report.volume[report.volume.length - 1];
  return (
    <div className="two-up">
      <ChartCard
        title="Tickets filed and resolved"
        summary={`${String(filed)} filed and ${String(resolved)} resolved per ${report.period.bucket}`}
        table={{
          columns: [unit, 'Filed', 'Resolved'],
          rows: report.volume.map((point) => [point.start, point.filed, point.resolved]),
        }}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={report.volume}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="start" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="filed" name="Filed" fill={COLORS.filed} isAnimationActive={false} />
            <Bar
              dataKey="resolved"
              name="Resolved"
              fill={COLORS.resolved}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        title="Open backlog"
        summary={`${String(last?.backlog ?? 0)} open at the end of the period`}
        table={{
          columns: [unit, 'Open at its end'],
          rows: report.volume.map((point) => [point.start, point.backlog]),
        }}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={report.volume}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="start" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Line
              dataKey="backlog"
              name="Open"
              stroke={COLORS.backlog}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}

function Compliance({ title, rows }: { title: string; rows: TicketReport['sla']['byRole'] }) {
  const data = rows.map((row) => ({ ...row, percent: (row.compliance ?? 0) * 100 }));
  return (
    <ChartCard
      title={title}
      summary={rows.map((row) => `${row.name} ${percent(row.compliance)}`).join(', ')}
      empty={rows.length === 0 ? 'No steps entered in this period.' : null}
      table={{
        columns: ['Name', 'Steps entered', 'SLA breaches', 'Within SLA'],
        rows: rows.map((row) => [row.name, row.steps, row.breaches, percent(row.compliance)]),
      }}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 100]} unit=" %" />
          <YAxis type="category" dataKey="name" width={110} />
          <Tooltip />
          <Bar
            dataKey="percent"
            name="Within SLA"
            fill={COLORS.resolved}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function Distribution({ title, bands }: { title: string; bands: TicketReport['firstResponse'] }) {
  const data = bands.map((entry) => ({ ...entry, label: bandLabel(entry.band) }));
  const total = bands.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <ChartCard
      title={title}
      summary={data.map((entry) => `${entry.label}: ${String(entry.count)}`).join(', ')}
      empty={total === 0 ? 'None in this period.' : null}
      table={{ columns: ['Time taken', 'Tickets'], rows: data.map((e) => [e.label, e.count]) }}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name="Tickets" fill={COLORS.filed} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function AgentLoad({
  load,
  names,
}: {
  load: TicketReport['agentLoad'];
  names: Map<string, string>;
}) {
  const data = load.map((row) => ({ ...row, name: names.get(row.assigneeId) ?? row.assigneeId }));
  return (
    <ChartCard
      title="Open tickets per agent"
      summary={data.map((row) => `${row.name} ${String(row.open)}`).join(', ')}
      empty={data.length === 0 ? 'Nobody holds an open ticket.' : null}
      table={{ columns: ['Agent', 'Open tickets'], rows: data.map((row) => [row.name, row.open]) }}
    >
      <ResponsiveContainer width="100%" height={Math.max(HEIGHT, data.length * 28)}>
        <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={130} />
          <Tooltip />
          <Bar dataKey="open" name="Open tickets" fill={COLORS.backlog} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/**
 * The trends over a period (kept in the URL, a day to a year), aggregated by the ticket service:
 * volume and backlog, SLA compliance by role and step, response and resolution times, each
 * agent's open load. Every chart has its table view.
 */
export function TrendCharts() {
  const { api } = useSession();
  const url = useUrlParams();
  const period = PERIODS.find((p) => p.value === url.get('trend')) ?? PERIODS[2];
  const load = useCallback(async () => {
    const to = Date.now();
    const [report, users] = await Promise.all([
      api.request<TicketReport>('ticket', '/api/v1/tickets/reports', {
        query: { from: utcDay(to - (period.days - 1) * DAY_MS), to: utcDay(to) },
      }),
      // Names for the agents' load; without the directory the ids stand in.
      api
        .request<Page<UserView>>('auth', '/api/v1/users', { query: { limit: 200 } })
        .catch(() => ({ items: [] as UserView[] })),
    ]);
    return { report, names: new Map(users.items.map((user) => [user.id, user.name])) };
  }, [api, period]);
  const { data, error } = useResource(load, { refreshMs: 60_000 });
  return (
    <section aria-labelledby="trends-title" className="trends">
      <div className="page-head">
        <h2 id="trends-title">Trends</h2>
        <Field label="Over">
          <select value={period.value} onChange={(e) => url.set('trend', e.target.value)}>
            <Options options={PERIODS.map(({ value, label }) => ({ value, label }))} />
          </select>
        </Field>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {!data ? (
        <Loading what="Loading the trends" />
      ) : (
        <>
          <Volume report={data.report} />
          <div className="two-up">
            <Compliance title="SLA compliance by step" rows={data.report.sla.byStep} />
            <Compliance title="SLA compliance by role" rows={data.report.sla.byRole} />
          </div>
          <div className="two-up">
            <Distribution title="First response time" bands={data.report.firstResponse} />
            <Distribution title="Resolution time" bands={data.report.resolution} />
          </div>
          <AgentLoad load={data.report.agentLoad} names={data.names} />
        </>
      )}
    </section>
  );
}
