import { describe, expect, it } from 'vitest';
import { XmlPieceError, XmlPieceMeter } from './xml-pieces.js';

/** What the meter should say, found the slow way on the whole text at once: the first refusal in reading order. */
function verdictOf(text: string, limit: number): 'ok' | 'too_long' | 'declaration' {
  let tooLong = false;
  let start = 0;
  const piece = (end: number) => {
    tooLong ||= end - start > limit;
    start = end;
  };
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '<') {
      i += 1;
      continue;
    }
    piece(i);
    if (tooLong) return 'too_long';
    const closing = text.startsWith('<!--', i)
      ? { marker: '-->', from: i + 4 }
      : text.startsWith('<![CDATA[', i)
        ? { marker: ']]>', from: i + 9 }
        : text.startsWith('<?', i)
          ? { marker: '?>', from: i + 2 }
          : null;
    if (closing === null) {
      // An opening cut short by the end of the text is for the XML parser to refuse.
      const cutShort = ['<!--', '<![CDATA['].some((opening) => opening.startsWith(text.slice(i)));
      if (text.startsWith('<!', i) && !cutShort) return 'declaration';
      i += 1;
      continue;
    }
    const end = text.indexOf(closing.marker, closing.from);
    i = end === -1 ? text.length : end + closing.marker.length;
    piece(i);
  }
  piece(text.length);
  return tooLong ? 'too_long' : 'ok';
}

/** Feeds the text in the given pieces; what the meter said. */
function meter(text: string, cuts: readonly number[], limit: number): 'ok' | 'too_long' | 'declaration' {
  const meter = new XmlPieceMeter(limit);
  const bytes = Buffer.from(text, 'latin1');
  try {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      meter.feed(bytes.subarray(from, cut));
      from = cut;
    }
    meter.end();
    return 'ok';
  } catch (error) {
    if (error instanceof XmlPieceError) return error.problem.kind;
    throw error;
  }
}

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FRAGMENTS = ['<', '>', 'a', 'bb', '<c>', '</c>', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '-', ']', '!', '<!', '<!D', 'text '];

describe('XML pieces', () => {
  it('passes a worksheet written the usual way, whatever the chunks', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>${'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(50)}</sheetData></worksheet>`;
    for (const cuts of [[], [1], [5, 6, 7], [100, 1000, 1001]]) expect(meter(xml, cuts, 64)).toBe('ok');
  });

  it('refuses a long text between two tags', () => {
    const xml = `<c><t>${'x'.repeat(5000)}</t></c>`;
    expect(meter(xml, [], 4096)).toBe('too_long');
    expect(meter(xml, [10, 2000, 4000], 4096)).toBe('too_long');
    expect(meter(xml, [], 5010)).toBe('ok');
  });

  it('refuses a long CDATA section or comment even when it is full of "<"', () => {
    const inner = '<a>'.repeat(2000);
    expect(meter(`<t><![CDATA[${inner}]]></t>`, [7, 8, 9], 4096)).toBe('too_long');
    expect(meter(`<t><!--${inner}--></t>`, [4, 5], 4096)).toBe('too_long');
    expect(meter(`<?pi ${inner}?>`, [1], 4096)).toBe('too_long');
    expect(meter(`<t>${inner}</t>`, [7, 8, 9], 4096)).toBe('ok');
  });

  it('refuses a document type declaration', () => {
    expect(meter('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', [], 1 << 20)).toBe('declaration');
    expect(meter('<x><!', [4], 1 << 20)).toBe('ok');
  });

  it('agrees with a slow measure of the whole text, for random texts cut at random places', () => {
    for (let seed = 1; seed <= 20_000; seed += 1) {
      const next = random(seed);
      const parts = Array.from({ length: 1 + Math.floor(next() * 40) }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]);
      const text = parts.join('');
      const cuts = Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * text.length)).sort((a, b) => a - b);
      const limit = 1 + Math.floor(next() * 30);
      const found = meter(text, cuts, limit);
      expect({ seed, text, cuts, limit, found }).toEqual({ seed, text, cuts, limit, found: verdictOf(text, limit) });
    }
  });
});
