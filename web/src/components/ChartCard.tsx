import { useId, useState, type ReactNode } from 'react';

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with a table view of the same figures: a toggle swaps the drawing for a real table
 * with a caption, which screen readers read and keyboards reach; the drawing is a figure labelled
 * with a one-sentence summary.
 */
export function ChartCard({
  title,
  summary,
  table,
  empty,
  children,
}: {
  title: string;
  /** One sentence read for the drawing (the figures are in the table view). */
  summary: string;
  table: ChartTable;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <section className="card chart-card" aria-labelledby={headingId} data-testid="chart">
      <div className="chart-head">
        <h2 id={headingId}>{title}</h2>
        <button
          type="button"
          className="link"
          aria-pressed={asTable}
          onClick={() => setAsTable((shown) => !shown)}
        >
          {asTable ? 'Show chart' : 'Show table'}
        </button>
      </div>
      {empty ? (
        <p className="state empty">{empty}</p>
      ) : asTable ? (
        <div className="table-wrap">
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={String(row[0])}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <figure className="chart" aria-label={`${title}: ${summary}`}>
          {children}
        </figure>
      )}
    </section>
  );
}
