import type { Knex } from '../../infra/db/knex';

export interface ConnectionPeak {
  /** Stops sampling; resolves to the most connections seen and the server's limit. */
  stop(): Promise<{ peak: number; max: number }>;
}

/**
 * Samples the PostgreSQL server's open connections (every database, every process) while a bench
 * runs, so the printout shows how close the platform came to `max_connections`.
 */
export function sampleConnections(db: Knex, everyMs = 200): ConnectionPeak {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await db.raw<{ rows: { open: number }[] }>(
        'select count(*)::int as open from pg_stat_activity',
      );
      peak = Math.max(peak, rows[0]?.open ?? 0);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const { rows } = await db.raw<{ rows: { max: string }[] }>(
        "select setting as max from pg_settings where name = 'max_connections'",
      );
      return { peak, max: Number(rows[0]?.max) };
    },
  };
}
