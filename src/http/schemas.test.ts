import { describe, expect, it } from 'vitest';
import { iso } from './schemas.js';

describe('iso: timestamps as Date#toISOString writes them', () => {
  it('rewrites PostgreSQL’s UTC form exactly as Date would, whatever its fraction', () => {
    const samples = [
      '2026-12-02 20:11:05.123456+00',
      '2026-12-02 20:11:05.1+00',
      '2026-12-02 20:11:05.12+00',
      '2026-12-02 20:11:05.999999+00',
      '2026-12-02 20:11:05+00',
      '1999-01-01 00:00:00.000001+00',
    ];
    for (const sample of samples) expect(iso(sample)).toBe(new Date(sample).toISOString());
    // Random instants with random microseconds.
    for (let i = 0; i < 2_000; i++) {
      const at = new Date(Date.UTC(2000 + (i % 40), i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60));
      const micros = String((i * 7919) % 1_000_000).padStart(6, '0');
      const text = `${at.toISOString().slice(0, 19).replace('T', ' ')}.${micros}+00`;
      expect(iso(text)).toBe(new Date(text).toISOString());
    }
  });

  it('leaves other forms to Date: another offset, ISO text, a Date, null', () => {
    expect(iso('2026-12-02 21:11:05.5+01')).toBe('2026-12-02T20:11:05.500Z');
    expect(iso('2026-12-02T20:11:05.123Z')).toBe('2026-12-02T20:11:05.123Z');
    expect(iso(new Date(Date.UTC(2026, 11, 2, 20, 11, 5, 7)))).toBe('2026-12-02T20:11:05.007Z');
    expect(iso(null)).toBeNull();
  });
});
