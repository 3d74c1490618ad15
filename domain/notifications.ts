/**
 * Messages on notification-queue (email) and inapp-notification-queue (in-app). Producers give
 * each one a stable id; the notification service delivers each id at most once.
 */
export const NOTIFICATION_TYPES = [
  'assignment',
  'transfer',
  'escalation',
  'sla_warning',
  'sla_breach',
  'status_change',
  'task_complete',
  'comment_mention',
  'unrouted_ticket',
  'override_refused',
  'password_reset',
  'registration_attempt',
  'login_alert',
  'failed_login_alert',
  'login_code',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationRecipient {
  userId?: string;
  email?: string;
  name?: string;
}

export interface NotificationMessage {
  id: string;
  type: NotificationType;
  recipient: NotificationRecipient;
  /** Template variables: ticket number, subject, step, deadline, reset link... */
  data: Record<string, string | number | boolean | null>;
  createdAt: string;
}

