import { describe, expect, it } from 'vitest';
import { parseMailbox, parseMailboxes, parseMailboxList, splitDisplayName } from './mailbox-list.js';

const addresses = (text: string) => parseMailboxList(text).map((entry) => entry.address);

describe('parseMailboxList', () => {
  it('splits bare addresses on commas, semicolons, spaces and new lines', () => {
    expect(addresses('a@x.co, b@x.co;c@x.co d@x.co\r\ne@x.co\n\n')).toEqual(['a@x.co', 'b@x.co', 'c@x.co', 'd@x.co', 'e@x.co']);
  });

  it('reads a display name before an address in angle brackets', () => {
    expect(parseMailboxList('Ada Lovelace <ada@example.com>')).toEqual([
      { input: 'Ada Lovelace <ada@example.com>', address: 'ada@example.com', name: 'Ada Lovelace' },
    ]);
  });

  it('keeps a comma inside a quoted name, as Outlook writes "Last, First"', () => {
    expect(parseMailboxList('"Lovelace, Ada" <ada@example.com>, "Hopper, Grace" <grace@example.com>')).toEqual([
      { input: '"Lovelace, Ada" <ada@example.com>', address: 'ada@example.com', name: 'Lovelace, Ada' },
      { input: '"Hopper, Grace" <grace@example.com>', address: 'grace@example.com', name: 'Hopper, Grace' },
    ]);
  });

  it('mixes named and bare addresses, a bare one just before a name included', () => {
    const entries = parseMailboxList('bob@example.com Ada Lovelace <ada@example.com>; carol@example.com\n<dan@example.com>');
    expect(entries.map((entry) => [entry.address, entry.name])).toEqual([
      ['bob@example.com', null],
      ['ada@example.com', 'Ada Lovelace'],
      ['carol@example.com', null],
      ['dan@example.com', null],
    ]);
  });

  it('handles an escaped quote in a name and an unclosed bracket without losing the address', () => {
    expect(parseMailboxList('"Ada \\"The Countess\\" L" <ada@example.com>')[0]?.name).toBe('Ada "The Countess" L');
    expect(addresses('Ada <ada@example.com')).toEqual(['ada@example.com']);
  });

  it('leaves words that are not addresses as entries, for the server to call invalid', () => {
    expect(addresses('Ada Lovelace, ada@example.com')).toEqual(['Ada', 'Lovelace', 'ada@example.com']);
  });
});

describe('parseMailbox', () => {
  it('never splits an array element on its spaces', () => {
    expect(parseMailbox('john doe@example.com')).toEqual({ input: 'john doe@example.com', address: 'john doe@example.com', name: null });
  });

  it('reads a named address, quoted or not', () => {
    expect(parseMailbox(' "Lovelace, Ada" <ada@example.com> ')).toMatchObject({ address: 'ada@example.com', name: 'Lovelace, Ada' });
    expect(parseMailbox('Grace Hopper <grace@example.com>')).toMatchObject({ address: 'grace@example.com', name: 'Grace Hopper' });
  });

  it('is what parseMailboxes uses for arrays, while a string is a list', () => {
    expect(parseMailboxes(['a@x.co b@x.co']).map((entry) => entry.address)).toEqual(['a@x.co b@x.co']);
    expect(parseMailboxes('a@x.co b@x.co').map((entry) => entry.address)).toEqual(['a@x.co', 'b@x.co']);
  });
});

describe('splitDisplayName', () => {
  it('reads "Last, First" and "First Last"', () => {
    expect(splitDisplayName('Lovelace, Ada')).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(splitDisplayName('Ada King Lovelace')).toEqual({ firstName: 'Ada King', lastName: 'Lovelace' });
    expect(splitDisplayName('Ada')).toEqual({ firstName: 'Ada', lastName: null });
    expect(splitDisplayName(null)).toEqual({ firstName: null, lastName: null });
  });
});
