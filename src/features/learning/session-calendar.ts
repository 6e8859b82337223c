/** What a calendar file says of one scheduled session. */
export interface CalendarSession {
  /** Stable across downloads, so a calendar updates the event instead of adding it twice. */
  readonly uid: string;
  readonly title: string;
  readonly startsAt: Date;
  readonly location: string | null;
  readonly description: string;
  readonly url: string;
}

/** RFC 5545 TEXT: backslash, semicolon and comma escaped, new lines as \n. */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** 20270112T133000Z: UTC, which every calendar converts to its reader's zone. */
function utc(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = out.length === 0 ? 75 : 74; // a continuation line starts with its space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * An iCalendar file with one event. A session has a start and no set length, so the event
 * has no end (RFC 5545: it ends when it starts), rather than a length made up here.
 */
export function sessionCalendar(session: CalendarSession, now = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Roster//My learning//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${session.uid}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(session.startsAt)}`,
    `SUMMARY:${text(session.title)}`,
    ...(session.location ? [`LOCATION:${text(session.location)}`] : []),
    `DESCRIPTION:${text(session.description)}`,
    `URL:${session.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
