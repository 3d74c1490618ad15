import nodemailer, { type Transporter } from 'nodemailer';
import type { PlatformConfig } from '../../infra/config/config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The notification's id: the same message sent twice carries the same Message-ID. */
  messageId: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'EDNS',
]);

/** Connection failures and 4xx SMTP answers mean "try later"; the message must not be dropped. */
export function isTransientEmailError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  return (
    (code !== undefined && TRANSIENT_CODES.has(code)) ||
    (responseCode !== undefined && responseCode >= 400 && responseCode < 500)
  );
}

/** SMTP through nodemailer: a real server in staging/production, the local sink in development. */
export function createSmtpSender(smtp: PlatformConfig['smtp']): EmailSender {
  const transport: Transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: smtp.host === '127.0.0.1' || smtp.host === 'localhost',
    connectionTimeout: 5_000,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  return {
    async send(email) {
      await transport.sendMail({
        from: smtp.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `<${email.messageId}@helpdesk.local>`,
      });
    },
    close: () => transport.close(),
  };
}
