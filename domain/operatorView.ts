import type { TicketSnapshot } from './tickets';

/** Characters that start Markdown markup or an entity in the Web UI's summary and details. */
const MARKUP = /[\\`*_[\]<>#|~&]/g;
/** Controls, line breaks and format characters (bidi overrides, zero-width): become a space. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu;

/**
 * User text made safe for a Markdown field: one line, no bidi or zero-width tricks, markup and
 * entities escaped, bare links (`scheme://`, `www.`) broken so no renderer turns them into
 * links, at most `maxChars` characters before escaping.
 */
export function markdownText(text: string, maxChars: number): string {
  const line = text.replace(INVISIBLE, ' ').trim();
  const chars = [...line];
  const cut = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : line;
  return cut
    .replace(MARKUP, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`);
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
