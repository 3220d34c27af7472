/**
 * The gateway verdict as the built CLI delivers it: `inspect`, `pull` and `manifest` on shapes the
 * real fetcher (the oracle) accepts or rejects. What the CLI prints, pins and writes must follow
 * the oracle: the digest in a WasmPlugin is the one the gateway computes, a rejected artifact is
 * not extracted without --force, and no shape makes a command end silently.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askIstioFetcher } from '../oracles/istio-fetcher.js';
import { hplugin } from '../support/cli.js';
import { pushShape, useShapeBench } from './push-shape.js';
import { SHAPES } from './shapes.js';

const bench = useShapeBench();

let repoCount = 0;
/** Pushes the named shape from shapes.ts; returns its reference (by tag). */
async function pushed(name: string): Promise<string> {
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`no shape named "${name}" in shapes.ts`);
  const repository = `cli/r${repoCount++}`;
  await pushShape(bench.registry, await shape.build(bench.work), repository, 'v1');
  return `${bench.registry.host}/${repository}:v1`;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('hplugin inspect', () => {
  it('a last layer typed tar+gzip that is not gzip: prints the rejection and exits 1 (it used to print nothing and exit 0)', async () => {
    const ref = await pushed('compat: the last layer is typed tar+gzip but is a plain tar');
    const oracle = await askIstioFetcher(ref);
    expect(oracle.accepted).toBe(false);
    const json = await hplugin(['inspect', ref, '--json'], { cwd: bench.work, timeoutMs: 60_000 });
    expect(json.code).toBe(1);
    expect(json.json().verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a tar\.gz the gateway can read.*not readable gzip data/),
    });
    const text = await hplugin(['inspect', ref], { cwd: bench.work, timeoutMs: 60_000 });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('✗ gateway would reject it');
  });

  it('an image index: the verdict pins the linux/amd64 child, the digest the fetcher pins', async () => {
    const ref = await pushed('index: arm64 first, then linux/amd64');
    const oracle = await askIstioFetcher(ref);
    const result = await hplugin(['inspect', ref, '--json'], { cwd: bench.work });
    expect(result.code).toBe(0);
    const doc = result.json();
    expect(doc.verdict.pinned).toEqual({
      digest: `sha256:${oracle.digest}`,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      index: doc.descriptor.digest,
    });
    expect(doc.descriptor.digest).not.toBe(`sha256:${oracle.digest}`);
    expect(doc.verdict.wasm.digest).toBe(`sha256:${oracle.sha256}`);
    expect((await hplugin(['inspect', ref], { cwd: bench.work })).stdout).toContain(`linux/amd64 image sha256:${oracle.digest}`);
  });

  it('the OCI empty config: accepted (exit 0), with a registry warning naming Alibaba Cloud ACR', async () => {
    const ref = await pushed('config: the OCI empty config application/vnd.oci.empty.v1+json');
    expect((await askIstioFetcher(ref)).accepted).toBe(true);
    const json = await hplugin(['inspect', ref, '--json'], { cwd: bench.work });
    expect(json.code).toBe(0);
    expect(json.json().verdict.warnings).toEqual([
      { scope: 'registry', registry: 'Alibaba Cloud ACR', message: expect.stringMatching(/unknown manifest class/) },
    ]);
    expect((await hplugin(['inspect', ref], { cwd: bench.work })).stdout).toMatch(/! registry \(Alibaba Cloud ACR\): /);
  });
});

describe('hplugin pull', () => {
  it('exits 1 and writes nothing when the gateway would reject the artifact', async () => {
    const ref = await pushed('compat: a symlink named plugin.wasm before the real file');
    expect((await askIstioFetcher(ref)).accepted).toBe(false);
    const out = join(bench.work, 'pull-rejected');
    const result = await hplugin(['pull', ref, '-o', out, '--json'], { cwd: bench.work });
    expect(result.code).toBe(1);
    expect(result.json().error).toMatchObject({ code: 'PULL_GATEWAY_WOULD_REJECT', hint: expect.stringMatching(/--force/) });
    expect(existsSync(out) ? await readdir(out) : []).toEqual([]);
  });

  it('--force extracts a rejected artifact anyway, and says the gateway would reject it', async () => {
    const ref = await pushed('compat: plugin.wasm missing the \\0asm magic');
    const out = join(bench.work, 'pull-forced');
    const result = await hplugin(['pull', ref, '-o', out, '--force'], { cwd: bench.work });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/would reject this artifact/);
    expect(await readdir(out)).toContain('plugin.wasm');
  });

  it('an image index: pulls the linux/amd64 child, whose module is the one the fetcher extracts', async () => {
    const ref = await pushed('index: arm64 first, then linux/amd64');
    const oracle = await askIstioFetcher(ref);
    const out = join(bench.work, 'pull-index');
    const result = await hplugin(['pull', ref, '-o', out, '--json'], { cwd: bench.work });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      digest: `sha256:${oracle.digest}`,
      verdict: { ok: true, pinned: { digest: `sha256:${oracle.digest}` } },
    });
    expect(sha256(await readFile(join(out, 'plugin.wasm')))).toBe(oracle.sha256);
  });
});

describe('hplugin pull writes the module the gateway loads, when several layers could carry one', () => {
  const shapes = [
    'oci: two raw wasm layers (the first wins)',
    'oci: a tar.gz first and the raw module last',
    'compat: two tar.gz layers with different modules (only the last counts)',
    'compat: a raw wasm layer, then a good tar.gz last',
  ];
  it.each(shapes)('%s', async (name) => {
    const ref = await pushed(name);
    const oracle = await askIstioFetcher(ref);
    expect(oracle.accepted).toBe(true);
    const out = join(bench.work, `pull-${repoCount}`);
    const result = await hplugin(['pull', ref, '-o', out], { cwd: bench.work });
    expect(result.code, result.stderr).toBe(0);
    expect(sha256(await readFile(join(out, 'plugin.wasm')))).toBe(oracle.sha256);
  });
});

describe('hplugin manifest <ref>', () => {
  it('pins the digest the gateway computes: the linux/amd64 child of an index', async () => {
    const ref = await pushed('index: one child without a platform');
    const oracle = await askIstioFetcher(ref);
    const result = await hplugin(['manifest', ref, '--json'], { cwd: bench.work });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ digest: `sha256:${oracle.digest}` });
    expect(result.json().wasmPlugin).toContain(`sha256: ${oracle.digest}`);
  });

  it('refuses (exit 1) to pin an artifact the gateway rejects, unless --force', async () => {
    const ref = await pushed('index: arm64 only');
    expect((await askIstioFetcher(ref)).accepted).toBe(false);
    const refused = await hplugin(['manifest', ref, '--json'], { cwd: bench.work });
    expect(refused.code).toBe(1);
    expect(refused.json().error).toMatchObject({
      code: 'MANIFEST_GATEWAY_WOULD_REJECT',
      message: expect.stringMatching(/no linux\/amd64 image/),
    });
    const forced = await hplugin(['manifest', ref, '--force'], { cwd: bench.work });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('kind: WasmPlugin');
  });
});
