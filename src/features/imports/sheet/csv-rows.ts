import Papa from 'papaparse';
import type { ByteSource } from './byte-source.js';
import { notUtf8, rowTooLong, unclosedQuote } from './problems.js';
import { type Delimiter, GeneratedRowReader, type RawRow } from './raw-rows.js';

/** No real row is this long; past it, a quote was left open and would swallow the rest of the file. */
export const MAX_RECORD_CHARS = 1024 * 1024;

type Newline = '\n' | '\r\n' | '\r';

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/**
 * Finds the header — the first line with something on it — and the separator and line break
 * it uses, counting separators outside quotes only. Blank lines before it are counted and
 * dropped, so nothing piles up while they are passed.
 */
class HeaderSniffer {
  /** Blank records passed before the header. */
  skipped = 0;
  private text = '';
  private position = 0;
  private inQuotes = false;
  private fieldStart = true;
  private content = false;
  private counts = [0, 0, 0];

  /** The layout and the text from the header on, or null: feed more, or (when final) there was nothing but blank lines. */
  feed(more: string, final: boolean): { delimiter: Delimiter; newline: Newline; rest: string } | null {
    let text = this.text + more;
    let i = this.position;
    while (i < text.length) {
      const ch = text[i]!;
      if (this.inQuotes) {
        if (ch === '"') {
          // A quote at the very end may be the first half of an escaped "" — wait for the next piece.
          if (i + 1 === text.length && !final) break;
          if (text[i + 1] === '"') {
            this.content = true;
            i += 2;
            continue;
          }
          this.inQuotes = false;
        } else if (ch.trim() !== '') {
          this.content = true;
        }
        i++;
        continue;
      }
      const delimiter = DELIMITERS.indexOf(ch as Delimiter);
      if (delimiter !== -1) {
        this.counts[delimiter]! += 1;
        this.fieldStart = true;
        i++;
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && i + 1 === text.length && !final) break;
        const newline: Newline = ch === '\n' ? '\n' : text[i + 1] === '\n' ? '\r\n' : '\r';
        if (this.content) return { delimiter: this.delimiter(), newline, rest: text };
        this.skipped++;
        text = text.slice(i + newline.length);
        i = 0;
        this.counts = [0, 0, 0];
        this.fieldStart = true;
        continue;
      }
      if (ch === '"' && this.fieldStart) this.inQuotes = true;
      else if (ch.trim() !== '') this.content = true;
      this.fieldStart = false;
      i++;
    }
    this.text = text;
    this.position = i;
    if (final) return this.content ? { delimiter: this.delimiter(), newline: '\n', rest: text } : null;
    if (text.length > MAX_RECORD_CHARS) throw rowTooLong(this.skipped + 1, MAX_RECORD_CHARS);
    return null;
  }

  /** The most frequent separator; a tie or a one-column header falls to the comma. */
  private delimiter(): Delimiter {
    let best = 0;
    for (let i = 1; i < DELIMITERS.length; i++) if (this.counts[i]! > this.counts[best]!) best = i;
    return DELIMITERS[best]!;
  }
}

interface ParseOutcome {
  readonly data: string[][];
  readonly errors: readonly { readonly code: string; readonly row?: number }[];
  readonly meta: { readonly cursor: number };
}

/**
 * CSV rows from UTF-8 bytes. Papaparse's parser is driven one piece at a time: the rows
 * complete in a piece are handed on and the unfinished last one is carried into the next,
 * so memory holds a piece and a row, never the file. Pulling (rather than Papa's push
 * stream) gives backpressure for free and lets an unclosed quote be caught early.
 */
export class CsvRowReader extends GeneratedRowReader {
  delimiter: Delimiter | null = null;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private flushed = false;
  constructor(private readonly source: ByteSource) {
    super(() => source.release());
  }

  /** The next piece of text ('' when a piece ends inside a character), or null after the end. */
  private async text(): Promise<string | null> {
    if (this.flushed) return null;
    const bytes = await this.source.read();
    try {
      if (bytes !== null) return this.decoder.decode(bytes, { stream: true });
      this.flushed = true;
      // Throws if the file ends in the middle of a character.
      return this.decoder.decode();
    } catch (error) {
      if (error instanceof TypeError) throw notUtf8();
      throw error;
    }
  }

  protected async *read(): AsyncGenerator<RawRow, void> {
    const sniffer = new HeaderSniffer();
    let header: ReturnType<HeaderSniffer['feed']> = null;
    while (header === null) {
      const text = await this.text();
      header = sniffer.feed(text ?? '', text === null);
      if (header === null && text === null) return;
    }
    this.delimiter = header.delimiter;
    const parser = new Papa.Parser({ delimiter: header.delimiter, newline: header.newline, quoteChar: '"' });
    let record = sniffer.skipped;
    let pending = header.rest;
    for (;;) {
      const text = await this.text();
      const final = text === null;
      const input = final ? pending : pending + text;
      const outcome = parser.parse(input, 0, !final) as ParseOutcome;
      const open = final ? outcome.errors.find((error) => error.code === 'MissingQuotes') : undefined;
      const complete = open === undefined ? outcome.data : outcome.data.slice(0, open.row ?? 0);
      for (const cells of complete) yield { rowNumber: ++record, cells };
      if (open !== undefined) throw unclosedQuote(record + 1);
      if (final) return;
      pending = input.slice(outcome.meta.cursor);
      if (pending.length > MAX_RECORD_CHARS) throw rowTooLong(record + 1, MAX_RECORD_CHARS);
    }
  }
}
