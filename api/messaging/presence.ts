import type { Knex } from 'knex';
import type { Viewer } from './liveEvents';

/**
 * Who is viewing which ticket, across all messaging instances: one row per socket and ticket,
 * refreshed by each instance's heartbeat. Rows of an instance that died expire after `staleMs`.
 */
export class Presence {
  constructor(
    private readonly db: Knex,
    private readonly instanceId: string,
    private readonly staleMs: number,
  ) {}

  async join(socketId: string, ticketNumber: string, viewer: Viewer): Promise<Viewer[]> {
    await this.db('ticket_viewers')
      .insert({
        socket_id: socketId,
        ticket_number: ticketNumber,
        instance_id: this.instanceId,
        user_id: viewer.userId,
        user_name: viewer.name,
      })
      .onConflict(['socket_id', 'ticket_number'])
      .merge({ seen_at: this.db.fn.now() });
    return this.viewers(ticketNumber);
  }

  async leave(socketId: string, ticketNumber: string): Promise<Viewer[]> {
    await this.db('ticket_viewers')
      .where({ socket_id: socketId, ticket_number: ticketNumber })
      .del();
    return this.viewers(ticketNumber);
  }

  async viewers(ticketNumber: string): Promise<Viewer[]> {
    const rows = await this.db('ticket_viewers')
      .where('ticket_number', ticketNumber)
      .where('seen_at', '>', new Date(Date.now() - this.staleMs))
      .distinct('user_id', 'user_name')
      .orderBy(['user_name', 'user_id'])
      .select<{ user_id: string; user_name: string }[]>();
    return rows.map((row) => ({ userId: row.user_id, name: row.user_name }));
  }

  /** Heartbeat of this instance's viewers; also sweeps rows long expired. */
  async touch(): Promise<void> {
    await this.db('ticket_viewers')
      .where('instance_id', this.instanceId)
      .update({ seen_at: this.db.fn.now() });
    await this.db('ticket_viewers')
      .where('seen_at', '<', new Date(Date.now() - 10 * this.staleMs))
      .del();
  }

  async clearInstance(): Promise<void> {
    await this.db('ticket_viewers').where('instance_id', this.instanceId).del();
  }
}
