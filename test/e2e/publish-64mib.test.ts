/**
 * Measurement (reported, never asserted): pushing a 64 MiB plugin with `hplugin publish` vs
 * `oras push` of the very same files to the same registry, 3 alternating runs each.
 *
 * The fixture is honest: a real Go plugin (the go-http template) built by `hplugin build`, with
 * 64 MiB of random bytes embedded through //go:embed and referenced, so the linker keeps them and
 * gzip cannot shrink them (module ≈ 70 MiB, plugin.tar.gz ≈ 66 MiB). Every run pushes into a
 * repository of its own, so neither tool can skip a blob the other (or an earlier run) uploaded.
 * `hplugin publish` also packages (tar + gzip) on every run; its own "✓ Packaged … (time)" line is
 * read back, and an unchanged re-publish (nothing uploaded) gives the fixed rest (start-up, build
 * cache check, HEADs), so the upload share can be read off.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPeer, startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';
import { expectPeerOk, orasDescriptor, registryDigest } from './support-registry.js';

const PAYLOAD_BYTES = 64 * 1024 * 1024;
const RUNS = 3;

let registry: RegistryHandle;
let fx: PluginFixture;

async function embedPayload(dir: string): Promise<void> {
  await writeFile(join(dir, 'payload.bin'), randomBytes(PAYLOAD_BYTES));
  await writeFile(
    join(dir, 'payload.go'),
    [
      'package main',
      '',
      'import _ "embed"',
      '',
      '// payload makes this a 64 MiB plugin for the push measurement: random, so gzip cannot shrink it.',
      '//',
      '//go:embed payload.bin',
      'var payload []byte',
      '',
      '// PayloadByte keeps the payload reachable from the request path, so the linker cannot drop it.',
      'func PayloadByte(i int) byte { return payload[i%len(payload)] }',
      '',
    ].join('\n'),
  );
  const main = join(dir, 'main.go');
  const source = await readFile(main, 'utf8');
  expect(source).toContain('path := ctx.Path()');
  await writeFile(
    main,
    source.replace('path := ctx.Path()', 'path := ctx.Path()\n\tif len(path) > 1<<30 {\n\t\tlog.Debugf("%d", PayloadByte(len(path)))\n\t}'),
  );
}

beforeAll(async () => {
  [registry, fx] = await Promise.all([startRegistry(), scaffoldPlugin('big', { prepare: embedPayload })]);
});

afterAll(async () => {
  await registry?.stop();
  await fx?.cleanup();
});

interface Layout {
  config: { mediaType: string; digest: string };
  layers: Array<{ mediaType: string; digest: string; size: number; annotations: Record<string, string> }>;
}

/** The layout's files under their own names, as a person would hand them to `oras push`. */
async function filesFromLayout(dir: string, out: string): Promise<{ args: string[]; layout: Layout }> {
  const oci = join(dir, 'dist', 'oci');
  const index = JSON.parse(await readFile(join(oci, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
  const blob = (digest: string) => join(oci, 'blobs', 'sha256', digest.slice('sha256:'.length));
  const layout = JSON.parse(await readFile(blob(index.manifests[0]!.digest), 'utf8')) as Layout;
  await copyFile(blob(layout.config.digest), join(out, 'config.json'));
  const args = ['--config', `config.json:${layout.config.mediaType}`];
  for (const layer of layout.layers) {
    const title = layer.annotations['org.opencontainers.image.title']!;
    await copyFile(blob(layer.digest), join(out, title));
    args.push(`${title}:${layer.mediaType}`);
  }
  return { args, layout };
}

/** The "✓ Packaged … (3.9s)" task line that publish prints on stderr. */
function packagingMs(stderr: string): number {
  const match = /✓ Packaged .*\((\d+(?:\.\d+)?)(ms|s)\)\s*$/m.exec(stderr);
  expect(match, stderr).not.toBeNull();
  return Number(match![1]) * (match![2] === 's' ? 1000 : 1);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

describe('64 MiB push: hplugin publish vs oras push (figures only)', () => {
  it('pushes the same 64 MiB files with both tools, 3 alternating runs each, and reports the times', async () => {
    const dir = fx.template;
    const packaged = expectOk(await hplugin(['package', '--json'], { cwd: dir, env: fx.env }), 'package').json();
    const tarGz = packaged.package.layers.find((l: { title?: string }) => l.title === 'plugin.tar.gz');
    expect(tarGz.size).toBeGreaterThan(PAYLOAD_BYTES);
    const files = join(fx.root, 'oras-files');
    await mkdir(files);
    const { args: orasFiles, layout } = await filesFromLayout(dir, files);

    const rows: Array<{ tool: string; run: number; totalMs: number; packageMs?: number }> = [];
    const publish = async (repository: string) => {
      const started = performance.now();
      const res = expectOk(
        await hplugin(['publish', '--registry', registry.host, '--repository', repository], { cwd: dir, env: fx.env }),
        'publish',
      );
      return { res, totalMs: performance.now() - started, packageMs: packagingMs(res.stderr) };
    };
    for (let i = 1; i <= RUNS; i++) {
      const { res, totalMs, packageMs } = await publish(`bench/hplugin-${i}`);
      expect(res.stdout).toMatch(/✓ Pushed .*\(5 blobs uploaded, 6\d\.\d MiB; 0 already there\)/);
      expect(await registryDigest(registry, `bench/hplugin-${i}:0.1.0`)).toBe(packaged.package.manifestDigest);
      rows.push({ tool: 'hplugin publish', run: i, totalMs, packageMs });

      const started = performance.now();
      expectPeerOk(
        await runPeer(
          'oras',
          ['push', '--plain-http', ...orasFiles.slice(0, 2), `${registry.host}/bench/oras-${i}:0.1.0`, ...orasFiles.slice(2)],
          { cwd: files, timeoutMs: 300_000 },
        ),
        'oras push',
      );
      rows.push({ tool: 'oras push', run: i, totalMs: performance.now() - started });
      // Same bytes: the oras manifest carries oras's own annotations, but every layer is ours.
      const orasManifest = JSON.parse(
        expectPeerOk(
          await runPeer('oras', ['manifest', 'fetch', '--plain-http', `${registry.host}/bench/oras-${i}:0.1.0`]),
          'oras manifest fetch',
        ).stdout,
      ) as Layout;
      expect(orasManifest.layers.map((l) => l.digest)).toEqual(layout.layers.map((l) => l.digest));
      expect((await orasDescriptor(registry, `bench/oras-${i}:0.1.0`)).mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    }
    // The same publish again uploads nothing: what is left besides packaging is start-up, the build
    // cache check and the HEADs, i.e. the part of each run above that is not the upload.
    const baseline = await publish('bench/hplugin-1');
    expect(baseline.res.stdout).toContain('already up to date');

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const hp = rows.filter((r) => r.tool === 'hplugin publish');
    const lines = rows.map((r) =>
      r.packageMs === undefined
        ? `  ${r.tool.padEnd(16)} run ${r.run}: ${seconds(r.totalMs)} s`
        : `  ${r.tool.padEnd(16)} run ${r.run}: ${seconds(r.totalMs)} s = packaging ${seconds(r.packageMs)} s + the rest ${seconds(r.totalMs - r.packageMs)} s`,
    );
    console.log(
      [
        `[publish-64mib] plugin.tar.gz ${(tarGz.size / 1024 / 1024).toFixed(1)} MiB; module built by hplugin build from a Go plugin with 64 MiB of embedded random bytes`,
        ...lines,
        `  unchanged re-publish (no upload): ${seconds(baseline.totalMs)} s = packaging ${seconds(baseline.packageMs)} s + the rest ${seconds(baseline.totalMs - baseline.packageMs)} s`,
        `  median: hplugin publish ${seconds(median(hp.map((r) => r.totalMs)))} s total, ${seconds(median(hp.map((r) => r.totalMs - r.packageMs!)))} s outside packaging; oras push ${seconds(median(rows.filter((r) => r.tool === 'oras push').map((r) => r.totalMs)))} s`,
      ].join('\n'),
    );
    expect(rows).toHaveLength(2 * RUNS);
  });
});
