import { describe, expect, it } from 'vitest';
import { isEqualityOn } from './filter.js';

describe('SCIM filters', () => {
  it.each([
    ['userName eq "ada@example.com"', true],
    ['USERNAME eq "ada@example.com"', true],
    ['userName Eq "ada@example.com"', true],
    ['userName co "ada"', false],
    ['userName eq "a" or userName eq "b"', false],
    ['externalId eq "okta-1"', false],
    ['not (userName eq "a")', false],
  ])('tells a lookup of one userName from other filters: %s', (text, lookup) => {
    expect(isEqualityOn(text, 'username')).toBe(lookup);
  });
});
