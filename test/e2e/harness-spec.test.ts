/**
 * The built CLI on one real plugin: `hplugin test` with a broken expectation (readable diff, exit 1),
 * `hplugin run`, spec.yaml generated from annotations when none is committed (and embedded by
 * package), and `hplugin manifest` pinning the manifest digest.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hplugin } from '../support/cli.js';

let base: string;
let env: NodeJS.ProcessEnv;

function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'hplugin-h-')), 'demo');
  cpSync(base, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'hplugin-hs-'));
  env = { HPLUGIN_CACHE_DIR: join(root, '.cache') };
  const res = await hplugin(['new', 'demo', '--yes'], { cwd: root, env });
  expect(res.code, res.stderr).toBe(0);
  base = join(root, 'demo');
  expect((await hplugin(['build'], { cwd: base, env })).code).toBe(0);
}, 300_000);

describe('hplugin test and run', () => {
  it('fails a broken expectation with a unified diff and exit 1', async () => {
    const dir = copy();
    writeFileSync(
      join(dir, 'hplugin.test.yaml'),
      'config: {requestHeader: x-demo, requestHeaderValue: "yes"}\ncases:\n  - name: wrong value\n    request: {path: /a}\n    expect:\n      request: {headers: {x-demo: "no"}}\n',
    );
    const res = await hplugin(['test'], { cwd: dir, env });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('✗ wrong value');
    expect(res.stdout).toContain('-no');
    expect(res.stdout).toContain('+yes');
    expect(res.stdout).toContain('0 passed, 1 failed');
    const json = (await hplugin(['test', '--json'], { cwd: dir, env })).json();
    expect(json.ok).toBe(false);
    expect(json.test.cases[0].failures[0]).toMatchObject({ expected: 'no', actual: 'yes' });
  });

  it('runs one request and shows the rewritten headers, or the local response', async () => {
    const res = await hplugin(
      ['run', '--config', '{"requestHeader":"x-hi","requestHeaderValue":"there"}', '-H', 'x-user=alice', '--path', '/api', '--json'],
      { cwd: base, env },
    );
    expect(res.code, res.stderr).toBe(0);
    const headers = Object.fromEntries(res.json().result.requestHeaders);
    expect(headers).toMatchObject({ 'x-hi': 'there', 'x-user': 'alice', ':path': '/api' });
    const denied = await hplugin(['run', '--config', '{"denyPaths":["/internal/"],"responseHeader":"x-seen"}', '--path', '/internal/x'], {
      cwd: base,
      env,
    });
    expect(denied.code, denied.stderr).toBe(0);
    // Both views: the reply as the plugin sent it, and what the client gets after the plugin's
    // response handler ran on it (as Envoy encodes a local reply through the filter chain).
    expect(denied.stdout).toMatch(/local reply the plugin sent: 403 \(demo\.denied\)/);
    expect(denied.stdout).toMatch(/response the client receives \(the local reply[^\n]*\n(?:.*\n)*\s+x-seen: on/);
    const json = (
      await hplugin(['run', '--config', '{"denyPaths":["/internal/"],"responseHeader":"x-seen"}', '--path', '/internal/x', '--json'], {
        cwd: base,
        env,
      })
    ).json();
    expect(json.result.localResponse.headers).toEqual([]);
    expect(json.result.clientResponse).toMatchObject({ status: 403, source: 'local-reply', body: 'Forbidden\n' });
    expect(json.result.clientResponse.headers).toContainEqual(['x-seen', 'on']);
    // Bytes go out as base64, not as an object of numbered bytes.
    expect(Buffer.from(json.result.clientResponse.bodyBytes, 'base64').toString()).toBe('Forbidden\n');
  });

  it("shows a failed case's local reply as sent and as the client receives it", async () => {
    const dir = copy();
    writeFileSync(
      join(dir, 'hplugin.test.yaml'),
      'config: {denyPaths: [/internal/], responseHeader: x-seen}\ncases:\n  - name: denied\n    request: {path: /internal/a}\n    expect:\n      response: {status: 403, absent: [x-seen]}\n',
    );
    const res = await hplugin(['test'], { cwd: dir, env });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('response.absent.x-seen');
    expect(res.stdout).toMatch(/local reply the plugin sent: 403 body "Forbidden\\n"/);
    expect(res.stdout).toMatch(/the client receives \(after the response callbacks\): 403 :status: 403; .*x-seen: on/);
    const json = (await hplugin(['test', '--json'], { cwd: dir, env })).json();
    expect(json.test.cases[0].localReply.client.headers).toContainEqual(['x-seen', 'on']);
  });

  it('passes --property values to the plugin, as hplugin.test.yaml properties do', async () => {
    const config =
      '{"requestHeader":"x-demo","requestHeaderValue":"global","_rules_":[{"_match_route_":["r1"],"requestHeaderValue":"route"}]}';
    const onRoute = (await hplugin(['run', '--config', config, '--property', 'route_name=r1', '--json'], { cwd: base, env })).json();
    expect(Object.fromEntries(onRoute.result.requestHeaders)['x-demo']).toBe('route');
    const elsewhere = (await hplugin(['run', '--config', config, '-p', 'route_name=r2', '--json'], { cwd: base, env })).json();
    expect(Object.fromEntries(elsewhere.result.requestHeaders)['x-demo']).toBe('global');
    const bad = await hplugin(['run', '--property', 'route_name'], { cwd: base, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--property "route_name" is not name=value');
  });

  it('exits 2 listing the case names when --case matches none', async () => {
    const res = await hplugin(['test', '--case', 'no such case'], { cwd: base, env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('No case name contains "no such case"');
    expect(res.stderr).toContain('adds the request header with the configured value');
    const json = await hplugin(['test', '--case', 'no such case', '--json'], { cwd: base, env });
    expect(json.code).toBe(2);
    expect(JSON.stringify(json.json())).toContain('HOST_TEST_CASE_NOT_FOUND');
  });
});

describe('hplugin test --case in a workspace', () => {
  it('runs the plugins whose cases match, and exits 2 only when no plugin has a matching case', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'hplugin-hws-'));
    writeFileSync(join(ws, 'hplugin.config.yaml'), 'workspace:\n  plugins: ["plugins/*"]\n');
    for (const name of ['one', 'two']) {
      const res = await hplugin(['new', name, '--template', 'go-minimal', '--yes'], { cwd: ws, env });
      expect(res.code, res.stderr).toBe(0);
    }
    const some = await hplugin(['test', '--all', '--case', 'adds x-one', '--json'], { cwd: ws, env });
    expect(some.code, some.stdout + some.stderr).toBe(0);
    const rows = Object.fromEntries(
      some.json().plugins.map((p: { name: string; result: { cases: unknown[] } }) => [p.name, p.result.cases.length]),
    );
    expect(rows).toEqual({ one: 1, two: 0 });
    const none = await hplugin(['test', '--all', '--case', 'no such case'], { cwd: ws, env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('HOST_TEST_CASE_NOT_FOUND');
    rmSync(ws, { recursive: true, force: true });
  });
});

describe('spec.yaml and the WasmPlugin', () => {
  it('generates spec.yaml from the annotations, and package embeds it when none is committed', async () => {
    const dir = copy();
    const committed = readFileSync(join(dir, 'spec.yaml'), 'utf8');
    const check = await hplugin(['spec', '--check'], { cwd: dir, env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    rmSync(join(dir, 'spec.yaml'));
    expect((await hplugin(['spec', '--check'], { cwd: dir, env })).code).toBe(1);
    const pkg = await hplugin(['package', '--json'], { cwd: dir, env });
    expect(pkg.code, pkg.stdout).toBe(0);
    const layer = pkg.json().package.layers.find((l: { title?: string }) => l.title === 'spec.yaml');
    const blob = readFileSync(join(dir, 'dist', 'oci', 'blobs', 'sha256', layer.digest.slice(7)), 'utf8');
    expect(parseYaml(blob)).toEqual(parseYaml(committed));
  });

  it('prints a WasmPlugin whose sha256 is the packaged manifest digest', async () => {
    const dir = copy();
    const pkg = (await hplugin(['package', '--json'], { cwd: dir, env })).json();
    const res = await hplugin(['manifest'], { cwd: dir, env });
    expect(res.code, res.stderr).toBe(0);
    const wasmPlugin = parseYaml(res.stdout.split('\n---\n')[0]!) as {
      kind: string;
      spec: { sha256: string; url: string; defaultConfig?: unknown };
    };
    expect(wasmPlugin.kind).toBe('WasmPlugin');
    expect(wasmPlugin.spec.sha256).toBe(pkg.package.manifestDigest.slice('sha256:'.length));
    const manifestBytes = readFileSync(join(dir, 'dist', 'oci', 'blobs', 'sha256', wasmPlugin.spec.sha256));
    expect(createHash('sha256').update(manifestBytes).digest('hex')).toBe(wasmPlugin.spec.sha256);
    expect(res.stdout).toContain('demo=oci://');
  });
});
