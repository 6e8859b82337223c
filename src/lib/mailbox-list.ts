// Pure text handling, no Node imports: the web app reads pasted lists with this same code, so
// the count it shows before sending is the count the server will act on.

/** One address as pasted, with the display name that came with it (`Ada Lovelace <ada@example.com>`). */
export interface Mailbox {
  /** The entry as typed, name included: what a result line shows back. */
  readonly input: string;
  /** The address part, not yet validated. */
  readonly address: string;
  /** The display name, unquoted, or null. */
  readonly name: string | null;
}

interface Word {
  readonly text: string;
  readonly quoted: boolean;
  readonly start: number;
}

const SEPARATOR = /[,;\r\n]/;
const SPACE = /\s/;

/** Reads a quoted display name from the opening quote at `start`; returns it and where it ends. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start + 1;
  while (index < text.length && text[index] !== '"') {
    if (text[index] === '\\' && index + 1 < text.length) index += 1;
    value += text[index];
    index += 1;
  }
  return { value, end: Math.min(index + 1, text.length) };
}

/**
 * Splits what people paste from mail clients and spreadsheets: addresses separated by
 * commas, semicolons, spaces or new lines, each bare or as `Name <address>` (the name quoted
 * or not, `"Lovelace, Ada" <ada@example.com>` included). A bare word before a name is an
 * address of its own: `bob@example.com Ada Lovelace <ada@example.com>` is two entries.
 */
export function parseMailboxList(text: string): Mailbox[] {
  const entries: Mailbox[] = [];
  let words: Word[] = [];
  const bare = (list: readonly Word[]) => {
    for (const word of list) entries.push({ input: word.text, address: word.text, name: null });
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (SEPARATOR.test(char)) {
      bare(words);
      words = [];
      index += 1;
    } else if (SPACE.test(char)) {
      index += 1;
    } else if (char === '"') {
      const quoted = readQuoted(text, index);
      words.push({ text: quoted.value, quoted: true, start: index });
      index = quoted.end;
    } else if (char === '<') {
      const close = text.indexOf('>', index);
      const end = close === -1 ? text.length : close + 1;
      // The name is the run of words just before the bracket that are not addresses themselves.
      let first = words.length;
      while (first > 0 && (words[first - 1]?.quoted || !words[first - 1]?.text.includes('@'))) first -= 1;
      bare(words.slice(0, first));
      const nameWords = words.slice(first);
      words = [];
      const name = nameWords
        .map((word) => word.text)
        .join(' ')
        .trim();
      entries.push({
        input: text.slice(nameWords[0]?.start ?? index, end).trim(),
        address: text.slice(index + 1, close === -1 ? text.length : close).trim(),
        name: name === '' ? null : name,
      });
      index = end;
    } else {
      let end = index;
      while (
        end < text.length &&
        !SEPARATOR.test(text[end] as string) &&
        !SPACE.test(text[end] as string) &&
        !'"<'.includes(text[end] as string)
      ) {
        end += 1;
      }
      words.push({ text: text.slice(index, end), quoted: false, start: index });
      index = end;
    }
  }
  bare(words);
  return entries;
}

/**
 * Reads one entry that must stay one address (an element of an array sent to the API):
 * never split on its spaces, so `john doe@example.com` is an invalid address, not `doe@…`.
 */
export function parseMailbox(entry: string): Mailbox {
  const input = entry.trim();
  const bracket = /^(.*)<([^<>]*)>$/s.exec(input);
  if (!bracket) return { input, address: input, name: null };
  const rawName = (bracket[1] ?? '').trim();
  const name = rawName.startsWith('"') ? readQuoted(rawName, 0).value.trim() : rawName;
  return { input, address: (bracket[2] ?? '').trim(), name: name === '' ? null : name };
}

/** Parses a string as a list, an array element by element. */
export function parseMailboxes(value: string | readonly string[]): Mailbox[] {
  return typeof value === 'string' ? parseMailboxList(value) : value.map(parseMailbox);
}

/** First and last name from a display name: `Lovelace, Ada` or `Ada Lovelace` (the last word is the family name). */
export function splitDisplayName(name: string | null): { firstName: string | null; lastName: string | null } {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return { firstName: null, lastName: null };
  const comma = trimmed.indexOf(',');
  if (comma !== -1) {
    const last = trimmed.slice(0, comma).trim();
    const first = trimmed.slice(comma + 1).trim();
    return { firstName: first || null, lastName: last || null };
  }
  const space = trimmed.lastIndexOf(' ');
  if (space === -1) return { firstName: trimmed, lastName: null };
  return { firstName: trimmed.slice(0, space).trim(), lastName: trimmed.slice(space + 1) };
}
