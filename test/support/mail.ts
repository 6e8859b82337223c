import type { AddressInfo } from 'node:net';
import { and, desc, eq } from 'drizzle-orm';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { emails } from '../../src/db/schema.js';
import { storedEmailParts } from '../../src/mail/render.js';
import type { TestRoster } from './roster.js';

type EmailRow = typeof emails.$inferSelect;

/** An email as its reader sees it: one stored as its words (bulk mail) is rendered, as the outbox does. */
function readable(row: EmailRow): EmailRow {
  const parts = storedEmailParts(row);
  return parts ? { ...row, ...parts } : row;
}

/** The newest email to an address in the local outbox (embedded mode keeps bodies). */
export async function lastEmailTo(t: TestRoster, to: string) {
  await t.drain();
  const [row] = await t.database.db.select().from(emails).where(eq(emails.toAddress, to)).orderBy(desc(emails.createdAt)).limit(1);
  if (!row) throw new Error(`no email to ${to}`);
  return readable(row);
}

export async function emailsTo(t: TestRoster, to: string, kind?: string) {
  const rows = await t.database.db
    .select()
    .from(emails)
    .where(and(eq(emails.toAddress, to), kind ? eq(emails.kind, kind) : undefined))
    .orderBy(desc(emails.createdAt));
  return rows.map(readable);
}

/** The path of the first Roster link in a message, e.g. "/invite/abc…". */
export function linkPath(text: string | null | undefined, prefix = '/invite/'): string {
  const match = new RegExp(`https?://[^\\s"<>]+(${prefix}[A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${prefix} link in: ${text}`);
  return match[1];
}

export function tokenOf(path: string): string {
  return path.split('/').at(-1) ?? '';
}

/** The first address a received message was sent to. */
export function recipientOf(message: ParsedMail): string {
  const to = message.to as AddressObject | AddressObject[] | undefined;
  return (Array.isArray(to) ? to[0] : to)?.value[0]?.address ?? '';
}

export interface SmtpCatcher {
  readonly port: number;
  readonly url: string;
  readonly messages: ParsedMail[];
  /** When each message was accepted (Date.now()), in the order of `messages`. */
  readonly acceptedAt: number[];
  /** When set, the server refuses every message with this SMTP reply. */
  refuseWith: string | null;
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 that parses what it receives. `delayMs`: each message is
 * accepted only after that long, as a relay across a network does.
 */
export async function startSmtpCatcher(port = 0, options: { readonly delayMs?: number } = {}): Promise<SmtpCatcher> {
  const messages: ParsedMail[] = [];
  const acceptedAt: number[] = [];
  const catcher: SmtpCatcher = {
    port: 0,
    url: '',
    messages,
    acceptedAt,
    refuseWith: null,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (catcher.refuseWith) {
          const error = Object.assign(new Error(catcher.refuseWith), { responseCode: 451 });
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => new Promise<ParsedMail>((resolve) => setTimeout(() => resolve(parsed), options.delayMs ?? 0)))
          .then((parsed) => {
            messages.push(parsed);
            acceptedAt.push(Date.now());
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client that goes away mid-conversation (a process killed by a test) resets its socket:
  // that is the client's business, not an error of the server.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  return Object.assign(catcher, {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}?tls=off`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
