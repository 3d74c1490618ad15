import type { TicketSnapshot } from './tickets';

/** Characters that start Markdown markup in the Temporal Web UI's summary and details fields. */
const MARKUP = /[\\`*_[\]<>#|~]/g;

/** User text made safe for a Markdown field: one line, markup escaped, at most `maxChars`. */
export function markdownText(text: string, maxChars: number): string {
  const line = text.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ').trim();
  const chars = [...line];
  const cut = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : line;
  return cut.replace(MARKUP, '\\$&');
}

/** The one line an operator sees for a ticket's workflow in Temporal's list and header. */
export function ticketSummary(ticket: TicketSnapshot): string {
  return `${ticket.number} · ${ticket.priority} · ${markdownText(ticket.subject, 120)}`;
}

/** What the ticket was filed as, shown once under "Details" in the Web UI. */
export function ticketStartDetails(ticket: TicketSnapshot): string {
  return [
    `**Ticket** ${ticket.number} · **Priority** ${ticket.priority}`,
    `**Subject** ${markdownText(ticket.subject, 500)}`,
    `**Requester** user ${markdownText(ticket.requesterId, 64)} · **System** ${markdownText(ticket.system, 50)}`,
    `**Department** ${markdownText(ticket.department, 100)} · **Category** ${markdownText(ticket.category, 100)}`,
    `**Filed** ${ticket.createdAt}`,
  ].join('  \n');
}
