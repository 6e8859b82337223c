import nodemailer from 'nodemailer';

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface MailTransport {
  /** "smtp", or "outbox" when mail stays in the local outbox (embedded default). */
  readonly name: 'smtp' | 'outbox';
  /**
   * Messages it may carry at once (the SMTP pool's connections): the sender hands it no more
   * than this many at a time and records each as it is accepted, so a crash can repeat at most
   * this many. Absent (the outbox): delivery is only the stored row, and a batch is recorded at once.
   */
  readonly connections?: number;
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
  close(): void;
}

/** SMTP connections of the pool: also the most emails a crash can send twice (README, "Mail"). */
export const SMTP_CONNECTIONS = 3;

/** Pooled SMTP: connections are reused across the queue's messages. */
export function smtpTransport(url: string): MailTransport {
  const parsed = new URL(url);
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'smtps:' ? 465 : 587,
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    // A plain-text local relay (port 25, test servers) offers no STARTTLS; use it when offered.
    ignoreTLS: parsed.searchParams.get('tls') === 'off',
    tls: { rejectUnauthorized: parsed.searchParams.get('tls') !== 'insecure' },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    name: 'smtp',
    connections: SMTP_CONNECTIONS,
    async send(mail) {
      const info = await transporter.sendMail(mail);
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null };
    },
    close: () => transporter.close(),
  };
}

/** The embedded default: the message is already stored; "delivering" it means keeping it readable. */
export function outboxTransport(): MailTransport {
  return {
    name: 'outbox',
    send: async () => ({ messageId: null }),
    close: () => undefined,
  };
}
