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
  'email_otp_changed',
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

/**
 * What else inapp-notification-queue carries, in the original's shapes (its Celery tasks
 * `notifications.create_inapp_notification`, `bulk_create_notifications` and
 * `mark_notification_read`: snake_case, a subject and a message instead of a template), told
 * apart by `action`. A message without `action` is the platform's templated NotificationMessage.
 * `id` is the producer's stable message id: a redelivered message changes nothing twice.
 */
export interface OriginalInappFields {
  user_id: string | number;
  subject: string;
  message: string;
  notification_type?: string;
  related_ticket_number?: string | null;
  metadata?: Record<string, unknown> | null;
}

export type InappQueueMessage =
  | (NotificationMessage & { action?: 'notify' })
  | ({ action: 'create'; id: string } & OriginalInappFields)
  | { action: 'bulk_create'; id: string; notifications: OriginalInappFields[] }
  | { action: 'mark_read'; id: string; notification_id: string | number; user_id: string | number };
