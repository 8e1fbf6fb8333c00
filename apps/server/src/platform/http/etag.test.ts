import { describe, expect, it } from 'vitest';
import { etagMatches, varyOn } from './etag.ts';

describe('etagMatches', () => {
  it('compares weakly, in lists, and takes *', () => {
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('"x", W/"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('*', '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches(undefined, '"a"')).toBe(false);
  });
});

describe('varyOn', () => {
  it('adds a field once, keeping the others', () => {
    expect(varyOn(undefined, 'Accept-Encoding')).toBe('Accept-Encoding');
    expect(varyOn('Origin', 'Accept-Encoding')).toBe('Origin, Accept-Encoding');
    expect(varyOn('Origin, accept-encoding', 'Accept-Encoding')).toBe('Origin, accept-encoding');
    expect(varyOn('*', 'Accept-Encoding')).toBe('*');
  });
});
