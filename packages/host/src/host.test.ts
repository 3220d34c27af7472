/**
 * The host against REAL modules: the kitchen fixture is a Higress Go plugin built with Go's
 * wasip1 c-shared mode from the real SDK; each test switches one behaviour on through its config.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isHpluginError, silentReporter, type HpluginError } from '@hplugin/core';
import { compilePlugin, createHost, type CompiledPlugin } from '@hplugin/host';
import { buildFixture } from './test-support/build-fixture.js';

let kitchen: CompiledPlugin;

beforeAll(async () => {
  kitchen = await compilePlugin(await buildFixture('kitchen'));
});

async function failure(run: () => Promise<unknown>): Promise<HpluginError> {
  try {
    await run();
  } catch (error) {
    if (isHpluginError(error)) return error;
    throw error;
  }
  throw new Error('expected an HpluginError');
}

const header = (pairs: Array<[string, string]>, name: string) => pairs.filter(([k]) => k === name).map(([, v]) => v);

describe('headers', () => {
  it('adds, replaces and removes request headers and leaves the pseudo-headers alone', async () => {
    const host = await createHost({ wasm: kitchen, config: { header: 'hello', replace: { 'x-mode': 'new' }, remove: ['x-remove-me'] } });
    const res = await host.request({
      method: 'post',
      path: '/items?id=1',
      headers: { host: 'shop.example.com', 'x-mode': ['old', 'older'], 'x-remove-me': 'bye', 'x-keep': 'yes' },
    });
    expect(header(res.requestHeaders, 'x-hello')).toEqual(['hello']);
    expect(header(res.requestHeaders, 'x-mode')).toEqual(['new']);
    expect(header(res.requestHeaders, 'x-remove-me')).toEqual([]);
    expect(header(res.requestHeaders, 'x-keep')).toEqual(['yes']);
    expect(header(res.requestHeaders, ':authority')).toEqual(['shop.example.com']);
    expect(header(res.requestHeaders, ':method')).toEqual(['POST']);
    expect(res.actions).toEqual({ requestHeaders: 'Continue', responseHeaders: 'Continue' });
    expect(res.localResponse).toBeUndefined();
    host.close();
  });

  it('adds a response header from the response phase', async () => {
    const host = await createHost({ wasm: kitchen, config: { responseHeader: 'seen' } });
    const res = await host.request({ response: { status: 201, headers: { 'content-type': 'text/plain' } } });
    expect(res.responseHeaders).toEqual([
      [':status', '201'],
      ['content-type', 'text/plain'],
      ['x-response', 'seen'],
    ]);
  });
});

describe('local responses', () => {
  it('records a deny and stops the chain before the upstream', async () => {
    const host = await createHost({
      wasm: kitchen,
      config: { deny: { header: 'x-user', value: 'mallory' }, header: 'h', responseHeader: 'x-seen' },
    });
    const denied = await host.request({ headers: { 'x-user': 'mallory' }, body: 'payload' });
    expect(denied.localResponse).toMatchObject({
      status: 403,
      body: 'denied',
      details: 'kitchen.denied',
      headers: [['content-type', 'text/plain']],
    });
    expect(denied.responseHeaders).toEqual([]);
    // Envoy encodes the reply through the filter chain: the plugin's response callbacks run on it.
    expect(denied.actions).toEqual({ requestHeaders: 'Pause', responseHeaders: 'Continue', responseBody: 'Continue' });
    expect(denied.clientResponse).toMatchObject({ status: 403, source: 'local-reply' });
    expect(denied.clientResponse?.headers).toEqual([
      [':status', '403'],
      ['content-type', 'text/plain'],
      ['content-length', '6'],
      ['x-response', 'x-seen'],
    ]);
    expect(denied.localResponse?.headers).toEqual([['content-type', 'text/plain']]);
    expect(denied.logs.map((l) => l.message).join('\n')).toContain('denied: x-user=mallory');

    const allowed = await host.request({ headers: { 'x-user': 'alice' } });
    expect(allowed.localResponse).toBeUndefined();
    expect(header(allowed.requestHeaders, 'x-hello')).toEqual(['h']);
  });
});

describe('configuration', () => {
  it('surfaces a config the plugin rejects as HOST_CONFIGURE_FAILED with its log lines', async () => {
    const error = await failure(() => createHost({ wasm: kitchen, config: { header: 42 } }));
    expect(error.code).toBe('HOST_CONFIGURE_FAILED');
    expect(error.message).toContain('header must be a string');
    expect(error.message).toContain('plugin start failed');
    expect(error.exitCode).toBe(2);
  });

  it('surfaces config that is not JSON', async () => {
    const error = await failure(() => createHost({ wasm: kitchen, config: '{not json' }));
    expect(error.code).toBe('HOST_CONFIGURE_FAILED');
    expect(error.message).toContain('not a valid json');
  });

  it('selects per-route config with _rules_ and _match_route_ through the route_name property', async () => {
    const config = { header: 'global', _rules_: [{ _match_route_: ['route-a'], header: 'for-route-a' }] };
    const host = await createHost({ wasm: kitchen, config });
    const onA = await host.request({ properties: { route_name: 'route-a' } });
    const onB = await host.request({ properties: { route_name: 'route-b' } });
    const noRoute = await host.request();
    expect(header(onA.requestHeaders, 'x-hello')).toEqual(['for-route-a']);
    expect(header(onB.requestHeaders, 'x-hello')).toEqual(['global']);
    expect(header(noRoute.requestHeaders, 'x-hello')).toEqual(['global']);
  });

  it('matches _match_domain_ against :authority', async () => {
    const config = { _rules_: [{ _match_domain_: ['*.example.com'], header: 'domain' }] };
    const host = await createHost({ wasm: kitchen, config });
    expect(header((await host.request({ authority: 'api.example.com' })).requestHeaders, 'x-hello')).toEqual(['domain']);
    expect(header((await host.request({ authority: 'other.org' })).requestHeaders, 'x-hello')).toEqual([]);
  });
});

describe('bodies', () => {
  it('buffers request chunks until end of stream, then lets the plugin replace the whole body', async () => {
    const host = await createHost({ wasm: kitchen, config: { bodySuffix: '!' } });
    const res = await host.request({ method: 'POST', body: ['hel', 'lo ', 'world'] });
    expect(res.requestBody).toBe('hello world!');
    expect(res.actions.requestBody).toBe('Continue');
    expect(res.logs.map((l) => l.message).join('\n')).toContain('request body has 11 bytes');
  });

  it('shows the SDK pausing a body that trailers end: the handler never sees end_of_stream', async () => {
    const host = await createHost({ wasm: kitchen, config: { bodySuffix: '!' } });
    // The trailers end the stream, so the body callback gets end_of_stream=false and buffers (Pause);
    // trailers returning Continue then release the body untouched, as Envoy would.
    const res = await host.request({ method: 'POST', body: 'abc', trailers: { 'x-checksum': '1' } });
    expect(res.actions).toMatchObject({ requestBody: 'Pause', requestTrailers: 'Continue' });
    expect(res.requestBody).toBe('abc');
    expect(res.stalled).toBeUndefined();
  });

  it('rewrites a chunked upstream response body', async () => {
    const host = await createHost({ wasm: kitchen, config: { responsePrefix: '>> ' } });
    const res = await host.request({ response: { headers: { 'content-length': '9' }, body: ['abc', 'def', 'ghi'] } });
    expect(res.responseBody).toBe('>> ABCDEFGHI');
    expect(header(res.responseHeaders, 'content-length')).toEqual([]);
  });
});

describe('http callouts', () => {
  const config = { auth: { service: 'auth.svc', port: 80 } };

  it('pauses, delivers the scripted reply to the root context, and resumes the request', async () => {
    const host = await createHost({
      wasm: kitchen,
      config,
      callouts: (call) =>
        call.cluster === 'outbound|80||auth.svc' ? { status: 200, headers: { 'x-user': 'alice' }, body: 'fine' } : undefined,
    });
    const res = await host.request({ path: '/orders', response: { body: 'upstream' } });
    expect(res.actions.requestHeaders).toBe('Pause');
    expect(res.stalled).toBeUndefined();
    expect(header(res.requestHeaders, 'x-auth-user')).toEqual(['alice']);
    expect(header(res.requestHeaders, 'x-auth-body')).toEqual(['fine']);
    expect(res.responseBody).toBe('upstream');
    expect(res.callouts).toHaveLength(1);
    expect(res.callouts[0]).toMatchObject({
      cluster: 'outbound|80||auth.svc',
      method: 'GET',
      path: '/check?path=/orders',
      authority: 'auth.svc',
      timeoutMs: 1000,
    });
    expect(header(res.callouts[0]!.headers, 'x-from')).toEqual(['kitchen']);
  });

  it('turns a refusal from the callout into the plugin’s local response', async () => {
    const host = await createHost({ wasm: kitchen, config, callouts: () => ({ status: 401, body: 'no' }) });
    const res = await host.request();
    expect(res.localResponse).toMatchObject({ status: 401, body: 'auth said no' });
    expect(res.responseHeaders).toEqual([]);
  });

  it('times out an unanswered callout with Envoy\'s 504 "upstream request timeout" response, not a reset', async () => {
    const host = await createHost({ wasm: kitchen, config });
    const res = await host.request();
    expect(res.callouts[0]).toMatchObject({ timedOut: true, response: { status: 504, body: 'upstream request timeout' } });
    expect(res.localResponse).toMatchObject({ status: 504, body: 'auth said upstream request timeout' });
  });

  it('refuses a callout to a cluster the gateway does not have at dispatch (BAD_ARGUMENT)', async () => {
    const host = await createHost({ wasm: kitchen, config, clusters: ['outbound|80||other.svc'], callouts: () => ({ status: 200 }) });
    const res = await host.request();
    expect(res.callouts).toEqual([]);
    expect(res.unknownClusters).toEqual(['outbound|80||auth.svc']);
    expect(res.logs.map((l) => l.message).join('\n')).toContain('auth call failed');
  });
});

describe('failures inside the plugin', () => {
  it('turns a Go panic into HOST_TRAP with the panic text and stderr, and the VM stays dead', async () => {
    const host = await createHost({
      wasm: kitchen,
      config: { auth: { service: 'auth.svc', port: 80 }, panicInCallout: true },
      callouts: () => ({ status: 200 }),
    });
    const error = await failure(() => host.request());
    expect(error.code).toBe('HOST_TRAP');
    expect(error.message).toContain('panicked in proxy_on_http_call_response: kitchen: callout callback exploded');
    expect(String(error.details?.stderr)).toContain('goroutine');
    expect(error.details?.panic).toBe('kitchen: callout callback exploded');
    expect(String(error.details?.stderr)).toContain('main.go');
    expect(error.hint).toContain('goroutine stack');
    expect(error.message).toContain('the client receives 503');
    expect(error.details?.clientResponse).toEqual({ status: 503, body: '', details: 'wasm_fail_stream' });
    expect((await failure(() => host.request())).code).toBe('HOST_VM_DEAD');
  });

  it('turns proc_exit into HOST_TRAP with the exit code and what the plugin printed', async () => {
    const host = await createHost({ wasm: kitchen, config: { exitCode: 3 } });
    const error = await failure(() => host.request());
    expect(error.code).toBe('HOST_TRAP');
    expect(error.message).toContain('exited with code 3 in proxy_on_request_headers');
    expect(error.message).toContain('kitchen: exiting on purpose');
    // No stack is printed for an exit, so the hint must not point at one.
    expect(error.hint).not.toMatch(/stack/);
    expect(error.message).toContain('request path fails: the client receives 503');
    expect((await failure(() => host.request())).code).toBe('HOST_VM_DEAD');
  });

  it('stubs an import it lacks, reports it up front, and records each call', async () => {
    const reporter = silentReporter();
    const host = await createHost({ wasm: kitchen, config: { callUnknown: true }, reporter });
    expect(host.stubbedImports).toEqual(['proxy_something_unknown']);
    expect(reporter.warnings.map((w) => w.message).join('\n')).toContain('proxy_something_unknown');
    const res = await host.request();
    expect(res.stubbedCalls).toEqual(['proxy_something_unknown']);
    expect(res.logs.map((l) => l.message).join('\n')).toContain('unknown import returned 12');
  });

  it('refuses a command module with the build explanation', async () => {
    const error = await failure(async () => createHost({ wasm: await buildFixture('command', 'exe') }));
    expect(error.code).toBe('HOST_NOT_REACTOR');
    expect(error.message).toContain('-buildmode=c-shared');
    expect(error.message).toContain('restricted_callback');
    expect(error.message).toContain('higress#3268');
  });

  it('refuses a missing file and bytes that are not wasm', async () => {
    expect((await failure(() => createHost({ wasm: '/nonexistent/plugin.wasm' }))).code).toBe('HOST_WASM_NOT_FOUND');
    expect((await failure(() => createHost({ wasm: new TextEncoder().encode('not wasm') }))).code).toBe('HOST_WASM_INVALID');
  });
});

describe('logging and lifecycle', () => {
  it('filters logs by level and keeps the plugin start line', async () => {
    const quiet = await createHost({ wasm: kitchen, config: { header: 'x' }, logLevel: 'warn' });
    const chatty = await createHost({ wasm: kitchen, config: { header: 'x' }, logLevel: 'debug' });
    expect(quiet.logs.map((l) => l.message).join('\n')).not.toContain('plugin start successfully');
    expect(chatty.logs.map((l) => l.message).join('\n')).toContain('plugin start successfully');
    quiet.close();
    chatty.close();
    chatty.close();
  });
});
