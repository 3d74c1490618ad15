import type { NotificationMessage, NotificationType } from '../../domain/notifications';

export interface Rendered {
  subject: string;
  /** The message in one sentence: the body of an in-app notification. */
  summary: string;
  text: string;
  html: string;
}

type Data = NotificationMessage['data'];
const value = (data: Data, key: string): string => {
  const found = data[key];
  return found === null || found === undefined ? '' : String(found);
};

const ticket = (data: Data): string => `${value(data, 'ticketNumber')} "${value(data, 'subject')}"`;

/** Subject and body text of each notification type; the HTML is the same text, escaped. */
const TEMPLATES: Record<NotificationType, (data: Data) => { subject: string; text: string }> = {
  assignment: (d) =>
    d.unassigned
      ? {
          subject: `Nobody holds ${value(d, 'role')} for ${value(d, 'ticketNumber')}`,
          text: `Ticket ${ticket(d)} waits at step ${value(d, 'step')}: nobody in the role ${value(d, 'role')} can take it.`,
        }
      : {
          subject: `New assignment: ${value(d, 'ticketNumber')}`,
          text: `Ticket ${ticket(d)} (${value(d, 'priority')}) is yours at step ${value(d, 'step')}. Due by ${value(d, 'slaDeadline')}.`,
        },
  transfer: (d) => ({
    subject: `Transferred to you: ${value(d, 'ticketNumber')}`,
    text: `Ticket ${ticket(d)} was transferred to you at step ${value(d, 'step')}.`,
  }),
  escalation: (d) => ({
    subject: `Escalated: ${value(d, 'ticketNumber')}`,
    text: `Ticket ${ticket(d)} was escalated to ${value(d, 'role')}: ${value(d, 'reason')}.`,
  }),
  sla_warning: (d) => ({
    subject: `SLA warning: ${value(d, 'ticketNumber')}`,
    text: `Ticket ${ticket(d)} at step ${value(d, 'step')} breaches its SLA at ${value(d, 'slaDeadline')}.`,
  }),
  sla_breach: (d) => ({
    subject: `SLA breached: ${value(d, 'ticketNumber')}`,
    text: `Ticket ${ticket(d)} at step ${value(d, 'step')} breached its SLA (${value(d, 'slaDeadline')}).`,
  }),
  status_change: (d) => ({
    subject: `Ticket ${value(d, 'ticketNumber')} is ${value(d, 'status')}`,
    text: d.reopenUntil
      ? `Your ticket ${ticket(d)} is now ${value(d, 'status')}. Not fixed? Reply to it, or reopen it, until ${value(d, 'reopenUntil')}; after that it closes. Tell us how we did: rate it good or bad on the ticket's page.`
      : `Your ticket ${ticket(d)} is now ${value(d, 'status')}.`,
  }),
  task_complete: (d) => ({
    subject: `Completed: ${value(d, 'ticketNumber')}`,
    text: `Ticket ${ticket(d)} you coordinate ended as ${value(d, 'outcome')}.`,
  }),
  comment_mention: (d) => ({
    subject: `You were mentioned on ${value(d, 'ticketNumber')}`,
    text: `${value(d, 'author')} mentioned you on ticket ${ticket(d)}: ${value(d, 'excerpt')}`,
  }),
  unrouted_ticket: (d) => ({
    subject: `Unrouted ticket ${value(d, 'ticketNumber')}`,
    text: `No workflow matches ${value(d, 'department')} / ${value(d, 'category')} for ticket ${ticket(d)}.`,
  }),
  override_refused: (d) => ({
    subject: `Override refused on ticket ${value(d, 'ticketNumber')}`,
    text: `Your override signal on ticket ${ticket(d)} was not applied: ${value(d, 'reason')}`,
  }),
  password_reset: (d) => ({
    subject: 'Reset your password',
    text: `Reset your password here within the hour: ${value(d, 'resetUrl')}`,
  }),
  registration_attempt: (d) => ({
    subject: 'Someone tried to register with your address',
    text: `Someone tried to create a new account with this address, which already has one. If it was you, sign in at ${value(d, 'signInUrl')} or reset your password at ${value(d, 'resetUrl')}; otherwise ignore this mail.`,
  }),
  login_alert: (d) => ({
    subject: 'New sign-in to your account',
    text: `Your account signed in from a new device or place: ${value(d, 'client') || 'a client'} at ${value(d, 'ip')}, ${value(d, 'at')}. If it was not you, change your password now.`,
  }),
  failed_login_alert: (d) => ({
    subject: 'Failed sign-in attempts',
    text: `${d.attempts === 1 ? 'A sign-in to your account failed' : `There were ${value(d, 'attempts')} failed sign-in attempts on your account`} within ${value(d, 'minutes')} minutes, the latest from ${value(d, 'ip')}${d.client ? ` (${value(d, 'client')})` : ''}. They do not lock you out; if they were not you, make sure your password is used nowhere else. You hear of this at most once in that time.`,
  }),
  email_otp_changed: (d) => ({
    subject: d.enabled ? 'Sign-in codes are on' : 'Sign-in codes are off',
    text: `${d.enabled ? 'Every sign-in to your account now asks for a code we mail you' : 'Your password alone now signs you in: sign-in codes were turned off'}, from ${value(d, 'client') || 'a client'} at ${value(d, 'ip')}. If it was not you, reset your password now.`,
  }),
  login_code: (d) => ({
    subject: `Your sign-in code: ${value(d, 'code')}`,
    text: `Your sign-in code is ${value(d, 'code')}. It works once, for ${value(d, 'minutes')} minutes. If you did not just sign in, someone knows your password: change it now.`,
  }),
};

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function render(message: NotificationMessage): Rendered {
  const { subject, text } = TEMPLATES[message.type](message.data);
  const greeting = message.recipient.name ? `Hello ${message.recipient.name},` : 'Hello,';
  const body = `${greeting}\n\n${text}\n\n— Helpdesk`;
  return {
    subject,
    summary: text,
    text: body,
    html: `<!doctype html><html><body>${body
      .split('\n')
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join('')}</body></html>`,
  };
}
