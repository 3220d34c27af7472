import { describe, expect, it } from 'vitest';
import { deserializePairs, HeaderMap, serializePairs } from './header-map.js';

describe('header map wire format', () => {
  it('serialises little-endian counts and sizes, then key\\0value\\0 pairs', () => {
    const bytes = serializePairs([
      ['a', 'xy'],
      ['bc', ''],
    ]);
    const view = new DataView(bytes.buffer);
    expect([
      view.getUint32(0, true),
      view.getUint32(4, true),
      view.getUint32(8, true),
      view.getUint32(12, true),
      view.getUint32(16, true),
    ]).toEqual([2, 1, 2, 2, 0]);
    expect(new TextDecoder().decode(bytes.subarray(20))).toBe('a\0xy\0bc\0\0');
  });

  it('round-trips, with multi-byte UTF-8 measured in bytes', () => {
    const pairs: Array<[string, string]> = [
      [':path', '/ü?x=1'],
      ['x-empty', ''],
      ['x-dup', '1'],
      ['x-dup', '2'],
    ];
    expect(deserializePairs(serializePairs(pairs))).toEqual(pairs);
  });

  it('an empty map is still 4 bytes, and truncated input is refused', () => {
    expect(serializePairs([])).toEqual(new Uint8Array(4));
    expect(deserializePairs(serializePairs([['k', 'v']]).subarray(0, 10))).toBeUndefined();
    expect(deserializePairs(new Uint8Array(2))).toBeUndefined();
  });
});

describe('HeaderMap', () => {
  it('lower-cases names and replaces like Envoy setCopy (every occurrence goes, the new value is added at the end)', () => {
    const map = new HeaderMap({ 'X-A': ['1', '2'], b: '3' });
    map.replace('x-a', 'new');
    map.replace('x-c', 'added');
    expect(map.pairs).toEqual([
      ['b', '3'],
      ['x-a', 'new'],
      ['x-c', 'added'],
    ]);
    map.remove('B');
    expect(map.get('X-C')).toBe('added');
    expect(map.size).toBe(2);
  });

  it('adds a second entry for an ordinary header, but appends with a comma to an inline one', () => {
    const map = new HeaderMap([
      [':authority', 'a.com'],
      ['x-forwarded-for', '10.0.0.1'],
      ['x-tag', 'one'],
    ]);
    map.add('X-Forwarded-For', '10.0.0.2');
    map.add('x-tag', 'two');
    map.add('user-agent', 'ua');
    expect(map.pairs).toEqual([
      [':authority', 'a.com'],
      ['x-forwarded-for', '10.0.0.1,10.0.0.2'],
      ['x-tag', 'one'],
      ['x-tag', 'two'],
      ['user-agent', 'ua'],
    ]);
  });

  it('keeps pseudo-headers in front when one is replaced, and knows which map a name is inline in', () => {
    const map = new HeaderMap([
      [':path', '/'],
      [':method', 'GET'],
      ['x-a', '1'],
    ]);
    map.replace(':path', '/new');
    expect(map.pairs.map(([k]) => k)).toEqual([':method', ':path', 'x-a']);
    const response = new HeaderMap([['location', '/a']], 'response');
    response.add('location', '/b');
    expect(response.pairs).toEqual([['location', '/a,/b']]);
    const request = new HeaderMap([['location', '/a']], 'request');
    request.add('location', '/b');
    expect(request.pairs).toEqual([
      ['location', '/a'],
      ['location', '/b'],
    ]);
  });
});
