/** The declarative runner against the real kitchen module: a passing file, a failing one, bad files. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHpluginError } from '@hplugin/core';
import { compilePlugin, parseTestFile, runTestFile, type CompiledPlugin } from '@hplugin/host';
import { buildFixture } from '../test-support/build-fixture.js';

let kitchen: CompiledPlugin;
let wasmPath: string;

beforeAll(async () => {
  wasmPath = await buildFixture('kitchen');
  kitchen = await compilePlugin(wasmPath);
});

const PASSING = `
config: { header: hello }
cases:
  - name: adds the header
    request: { method: GET, path: /x, headers: { host: example.com, x-remove-me: "1" } }
    config: { header: hello, remove: [x-remove-me] }
    expect:
      request: { headers: { x-hello: hello, x-nope: null }, absent: [x-remove-me] }
      response: { status: 200 }
      localResponse: null
      action: { requestHeaders: Continue }
  - name: denies mallory
    config: { deny: { header: x-user, value: mallory } }
    request: { headers: { x-user: mallory } }
    expect:
      localResponse: { status: 403, body: denied, details: kitchen.denied }
      response: { status: 403, headers: { content-type: text/plain }, body: { contains: deni } }
      logs: { contains: ["denied: x-user=mallory"], notContains: ["panic"] }
  - name: asks the auth service
    config: { auth: { service: auth.svc, port: 80 } }
    request: { path: /orders }
    callouts:
      - match: { cluster: "outbound|80||auth.svc", path: "/check*" }
        response: { status: 200, headers: { x-user: alice }, body: ok }
    response: { status: 200, body: '{"items":[1,2]}' }
    expect:
      request: { headers: { x-auth-user: alice } }
      response: { body: { json: { items: [1, 2] } } }
      callouts: { count: 1, clusters: ["outbound|80||auth.svc"] }
      action: { requestHeaders: Pause }
  - name: buffers the body
    config: { bodySuffix: "!" }
    request: { method: POST, body: [ab, cd] }
    expect:
      request: { body: "abcd!" }
  - name: rejects a bad config
    config: { header: 7 }
    expect:
      error: { code: HOST_CONFIGURE_FAILED, message: header must be a string }
`;

describe('runTestFile', () => {
  it('passes a file whose expectations hold, reading the YAML from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hplugin-host-'));
    await writeFile(join(dir, 'hplugin.test.yaml'), `wasm: ${JSON.stringify(wasmPath)}\n${PASSING}`);
    const result = await runTestFile(join(dir, 'hplugin.test.yaml'));
    expect(result.cases.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.cases.map((c) => c.name)).toEqual([
      'adds the header',
      'denies mallory',
      'asks the auth service',
      'buffers the body',
      'rejects a bad config',
    ]);
    expect(result.cases[4]?.error?.code).toBe('HOST_CONFIGURE_FAILED');
  });

  it('reports each mismatch with its path and a unified diff', async () => {
    const file = parseTestFile(`
config: { header: hi }
cases:
  - name: wrong header and body
    request: { method: POST, body: "hello" }
    response: { body: "line one\\nline two\\n" }
    expect:
      request: { headers: { x-hello: hello } }
      response: { body: "line one\\nline 2\\n" }
      action: { requestHeaders: Pause }
      logs: { contains: ["never logged"] }
  - name: unexpected error
    config: { header: 1 }
`);
    const result = await runTestFile(file, { wasm: kitchen });
    expect(result.ok).toBe(false);
    const [first, second] = result.cases;
    expect(first?.failures.map((f) => f.path)).toEqual([
      'request.headers.x-hello',
      'response.body',
      'action.requestHeaders',
      'logs.contains[0]',
    ]);
    const header = first!.failures[0]!;
    expect(header).toMatchObject({ expected: 'hello', actual: 'hi' });
    expect(header.diff).toContain('--- expected');
    expect(header.diff).toContain('-hello');
    expect(header.diff).toContain('+hi');
    const body = first!.failures[1]!.diff;
    expect(body).toContain(' line one');
    expect(body).toContain('-line 2');
    expect(body).toContain('+line two');
    expect(second?.failures.map((f) => f.path)).toEqual(['error']);
    expect(String(second?.failures[0]?.actual)).toContain('HOST_CONFIGURE_FAILED');
  });

  it('runs only the cases the filter selects', async () => {
    const file = parseTestFile(PASSING);
    const result = await runTestFile(file, { wasm: kitchen, filter: /buffers/ });
    expect(result.cases.map((c) => c.name)).toEqual(['buffers the body']);
  });

  it('exits with HOST_TEST_CASE_NOT_FOUND, listing the names, when the filter selects nothing', async () => {
    const error = await runTestFile(parseTestFile(PASSING), { wasm: kitchen, filter: 'nothing like this' }).catch((e: unknown) => e);
    expect(isHpluginError(error) && error.code).toBe('HOST_TEST_CASE_NOT_FOUND');
    expect(isHpluginError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toContain('  buffers the body');
  });

  it('checks what the client receives from a local reply, and models unknown clusters and callout timeouts', async () => {
    const file = parseTestFile(`
cases:
  - name: the response callback decorates the local reply
    config: { deny: { header: x-user, value: mallory }, responseHeader: seen }
    request: { headers: { x-user: mallory } }
    expect:
      localResponse: { status: 403, headers: { x-response: null } }
      response: { status: 403, headers: { x-response: seen, content-length: "6" }, body: denied }
  - name: a cluster the test does not declare fails at dispatch
    config: { auth: { service: auth.svc, port: 80 } }
    clusters: ["outbound|80||other.svc"]
    expect:
      localResponse: null
      callouts: { count: 0 }
      logs: { contains: ["auth call failed"] }
  - name: a declared cluster nobody answers times out with 504
    config: { auth: { service: auth.svc, port: 80 } }
    callouts:
      - match: { cluster: "outbound|80||auth.svc" }
    expect:
      response: { status: 504, body: auth said upstream request timeout }
`);
    const result = await runTestFile(file, { wasm: kitchen });
    expect(result.cases.filter((c) => !c.ok)).toEqual([]);
    expect(result.cases).toHaveLength(3);
  });

  it('refuses a file that does not match the schema, naming the bad key', async () => {
    let error: unknown;
    try {
      parseTestFile('cases:\n  - name: x\n    expect: { requets: {} }\n');
    } catch (e) {
      error = e;
    }
    expect(isHpluginError(error) && error.code).toBe('HOST_TEST_FILE_INVALID');
    expect((error as Error).message).toContain('requets');
  });

  it('refuses a file with no module to test', async () => {
    await expect(runTestFile({ cases: [{ name: 'x' }] })).rejects.toMatchObject({ code: 'HOST_TEST_FILE_INVALID' });
  });
});
