import { afterEach, describe, expect, it } from 'vitest';
import { fakeServer, json, reset, type FakeServer } from './__fixtures__/fake-server.js';
import { backoffDelay, isRetryableError, isRetryableStatus, parseRetryAfter, withRetry, type RetryPolicy } from './retry.js';
import { Transport } from './transport.js';

describe('retry decisions', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
    [400, false],
    [401, false],
    [404, false],
    [200, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it.each([
    [{ code: 'ECONNRESET' }, true],
    [{ code: 'UND_ERR_SOCKET', message: 'other side closed' }, true],
    [{ message: 'fetch failed', cause: { code: 'ECONNRESET' } }, true],
    [{ message: 'socket hang up' }, true],
    [{ code: 'ECONNREFUSED' }, false],
    [{ code: 'ENOTFOUND' }, false],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, false],
  ])('error %j retryable: %s', (err, expected) => {
    expect(isRetryableError(err)).toBe(expected);
  });

  it.each([
    ['3', 3000],
    ['0', 0],
    [undefined, undefined],
    ['soon', undefined],
    [new Date(10_000 + 5000).toUTCString(), 5000],
  ])('Retry-After %j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, 10_000)).toBe(expected);
  });

  it('grows exponentially with jitter between half and full, capped', () => {
    const policy = { minDelayMs: 200, maxDelayMs: 3000 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1))).toEqual([200, 400, 800, 1600, 3000, 3000]);
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0))).toEqual([100, 200, 400, 800, 1500, 1500]);
  });
});

describe('withRetry against a server', () => {
  let server: FakeServer | undefined;
  const transport = new Transport();
  afterEach(async () => server?.close());

  function policy(delays: number[], maxAttempts = 5): RetryPolicy {
    return { maxAttempts, minDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 60_000, sleep: async (ms) => void delays.push(ms) };
  }

  it.each([
    { name: 'two 503s then 200', script: [503, 503, 200], attempts: 3, final: 200 },
    { name: 'always 500: gives up after 5 tries', script: [500, 500, 500, 500, 500, 500], attempts: 5, final: 500 },
    { name: '404 is final at once', script: [404, 200], attempts: 1, final: 404 },
    { name: '408 then 201', script: [408, 201], attempts: 2, final: 201 },
    { name: 'resets then 200', script: ['reset', 'reset', 200], attempts: 3, final: 200 },
  ])('$name', async ({ script, attempts, final }) => {
    let n = 0;
    server = await fakeServer((_req, res) => {
      const step = script[n++]!;
      if (step === 'reset') return reset(res);
      json(res, step as number, {});
    });
    const delays: number[] = [];
    const res = await withRetry(() => transport.send({ method: 'PUT', url: new URL(`${server!.url}/x`), body: 'payload' }), policy(delays));
    await res.body.dump();
    expect(res.status).toBe(final);
    expect(server.requests).toHaveLength(attempts);
    // The body is sent again on each try.
    expect(server.requests.every((r) => r.body.toString() === 'payload')).toBe(true);
    expect(delays).toHaveLength(attempts - 1);
  });

  it('honours Retry-After from a 429', async () => {
    let n = 0;
    server = await fakeServer((_req, res) => (n++ === 0 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, {})));
    const delays: number[] = [];
    const res = await withRetry(() => transport.send({ method: 'GET', url: new URL(server!.url) }), policy(delays));
    expect(res.status).toBe(200);
    expect(delays).toEqual([2000]);
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    server = await fakeServer((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const delays: number[] = [];
    const res = await withRetry(() => transport.send({ method: 'GET', url: new URL(server!.url) }), policy(delays));
    expect(res.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('re-opens a streamed body for every try', async () => {
    let n = 0;
    let opened = 0;
    server = await fakeServer((_req, res) => json(res, n++ < 2 ? 502 : 201, {}));
    const { Readable } = await import('node:stream');
    const body = () => {
      opened++;
      return Readable.from([Buffer.from('abc'), Buffer.from('def')]);
    };
    const res = await withRetry(
      () => transport.send({ method: 'PUT', url: new URL(server!.url), headers: { 'content-length': '6' }, body }),
      policy([]),
    );
    expect(res.status).toBe(201);
    expect(opened).toBe(3);
    expect(server.requests.map((r) => r.body.toString())).toEqual(['abcdef', 'abcdef', 'abcdef']);
  });
});
