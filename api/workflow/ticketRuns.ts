import type { Knex } from 'knex';

export interface CoordinatedTicket {
  ticketNumber: string;
  workflowId: string;
  status: string;
  priority: string;
}

/** The latest 100 tickets a user coordinates, most recently changed first. */
export async function coordinatedTickets(db: Knex, userId: string): Promise<CoordinatedTicket[]> {
  const rows = await db('ticket_runs')
    .where({ coordinator_id: userId })
    .orderBy([
      { column: 'updated_at', order: 'desc' },
      { column: 'ticket_number', order: 'desc' },
    ])
    .limit(100);
  return rows.map((row: Record<string, unknown>) => ({
    ticketNumber: row.ticket_number as string,
    workflowId: row.workflow_id as string,
    status: row.status as string,
    priority: row.priority as string,
  }));
}
