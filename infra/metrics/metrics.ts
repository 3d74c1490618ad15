import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process, labelled with the process's service name: process and
 * HTTP metrics are always there; components add the gauges and counters of what they do.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpErrors: Counter<'method' | 'route' | 'status'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.httpErrors = new Counter({
      name: 'http_request_errors_total',
      help: 'HTTP answers with a 4xx or 5xx status, by route',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge of counts grouped by its labels, read at scrape time from rows carrying those columns. */
  countsGauge<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    rows: () => Promise<(Record<L, string> & { count: string | number })[]>,
  ): Gauge<L> {
    return this.gauge(name, help, labelNames, async (g) => {
      for (const row of await rows()) {
        const labels = {} as Record<L, string>;
        for (const label of labelNames) labels[label] = row[label];
        g.set(labels, Number(row.count));
      }
    });
  }

  /** A gauge read when Prometheus scrapes (queue depths, open sockets, breached tasks). */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    read: (gauge: Gauge<L>) => Promise<void> | void,
  ): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await read(this);
      },
    });
  }
}
