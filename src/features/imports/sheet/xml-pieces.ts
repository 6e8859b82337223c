const LT = 0x3c;
const BANG = 0x21;
const QUESTION = 0x3f;
const COMMENT_OPEN = Buffer.from('<!--');
const CDATA_OPEN = Buffer.from('<![CDATA[');
/** The most bytes a construct's opening can take: kept from one chunk to the next. */
const LONGEST_OPENING = CDATA_OPEN.length;

type Construct = 'comment' | 'cdata' | 'instruction';
const CLOSINGS: Readonly<Record<Construct, Buffer>> = {
  comment: Buffer.from('-->'),
  cdata: Buffer.from(']]>'),
  instruction: Buffer.from('?>'),
};

/** Why a part was refused: a piece too long, or a declaration no workbook part carries. */
export type PieceProblem = { readonly kind: 'too_long'; readonly limit: number } | { readonly kind: 'declaration' };

export class XmlPieceError extends Error {
  constructor(readonly problem: PieceProblem) {
    super(problem.kind === 'too_long' ? `An XML piece is longer than ${problem.limit} bytes.` : 'The XML declares a document type.');
    this.name = 'XmlPieceError';
  }
}

/**
 * Follows an XML part chunk by chunk and refuses it as soon as one piece a SAX parser would
 * hold in memory at once grows over `limit` bytes. A piece is a tag with the text after it
 * (everything up to the next "<"), or a whole comment, CDATA section or processing
 * instruction, which may contain "<" themselves. A document type declaration is refused
 * outright: workbook parts never carry one, and its internal subset would need a parser of
 * its own. The bytes are not decoded; most chunks cost a handful of native searches.
 */
export class XmlPieceMeter {
  /** Absolute offset where the current piece began. */
  private pieceStart = 0;
  /** Absolute offset just after the bytes fed so far. */
  private fed = 0;
  private inside: Construct | null = null;
  /** Bytes not yet settled: an opening or closing that a chunk boundary may have cut in two. */
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly limit: number) {}

  feed(chunk: Buffer): void {
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const base = this.fed - this.tail.length;
    this.fed += chunk.length;
    let at = 0;
    while (at < buf.length) {
      if (this.inside) {
        const closing = CLOSINGS[this.inside];
        const end = buf.indexOf(closing, at);
        if (end === -1) {
          at = Math.max(at, buf.length - closing.length + 1);
          break;
        }
        this.inside = null;
        at = end + closing.length;
        this.boundary(base + at);
        continue;
      }
      const special = firstConstruct(buf, at);
      this.plainPieces(buf, base, at, special === -1 ? buf.length : special);
      if (special === -1) {
        at = unsettledEnd(buf, at);
        break;
      }
      if (opensLater(buf, special)) {
        this.boundary(base + special);
        at = special;
        break;
      }
      this.boundary(base + special);
      const opened = constructAt(buf, special);
      this.inside = opened.construct;
      at = special + opened.length;
    }
    // The unsettled tail is measured with the next chunk, or by `end`.
    this.check(base + at);
    this.tail = Buffer.from(buf.subarray(at));
  }

  /** The part is over: its last piece is measured to the end. */
  end(): void {
    this.check(this.fed);
  }

  /** Pieces of plain tags and text in buf[from, to), where every "<" starts a new one. */
  private plainPieces(buf: Buffer, base: number, from: number, to: number): void {
    const first = buf.indexOf(LT, from);
    if (first === -1 || first >= to) return;
    this.boundary(base + first);
    const last = buf.lastIndexOf(LT, to - 1);
    // Pieces between the first and the last "<" fit in that stretch; only a stretch longer
    // than the limit needs each one measured.
    if (last - first > this.limit) {
      for (let next = buf.indexOf(LT, first + 1); next !== -1 && next < last; next = buf.indexOf(LT, next + 1)) this.boundary(base + next);
    }
    this.boundary(base + last);
  }

  private boundary(offset: number): void {
    this.check(offset);
    this.pieceStart = Math.max(this.pieceStart, offset);
  }

  private check(offset: number): void {
    if (offset - this.pieceStart > this.limit) throw new XmlPieceError({ kind: 'too_long', limit: this.limit });
  }
}

/** The next "<!" or "<?" at or after `from`, or -1. */
function firstConstruct(buf: Buffer, from: number): number {
  const bang = buf.indexOf('<!', from);
  const question = buf.indexOf('<?', from);
  if (bang === -1 || question === -1) return Math.max(bang, question);
  return Math.min(bang, question);
}

/** Whether the "<!" at `at` ends the buffer before it can be told what it opens. */
function opensLater(buf: Buffer, at: number): boolean {
  if (buf[at + 1] !== BANG || buf.length - at >= LONGEST_OPENING) return false;
  const start = buf.subarray(at);
  const prefixOf = (opening: Buffer) => opening.subarray(0, start.length).equals(start);
  return prefixOf(COMMENT_OPEN) || prefixOf(CDATA_OPEN);
}

/** Where the settled bytes end: before a last "<" that the next chunk may turn into an opening. */
function unsettledEnd(buf: Buffer, from: number): number {
  const last = buf.lastIndexOf(LT);
  return last >= from && buf.length - last < LONGEST_OPENING ? last : buf.length;
}

function constructAt(buf: Buffer, at: number): { construct: Construct; length: number } {
  if (buf[at + 1] === QUESTION) return { construct: 'instruction', length: 2 };
  const starts = (opening: Buffer) => buf.subarray(at, at + opening.length).equals(opening);
  if (starts(COMMENT_OPEN)) return { construct: 'comment', length: COMMENT_OPEN.length };
  if (starts(CDATA_OPEN)) return { construct: 'cdata', length: CDATA_OPEN.length };
  throw new XmlPieceError({ kind: 'declaration' });
}
