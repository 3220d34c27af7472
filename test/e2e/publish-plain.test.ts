/**
 * `hplugin publish` against a real registry without auth on 127.0.0.1 (plain http, the loopback
 * default), checked with the peers: oras and skopeo must see exactly what hplugin says it pushed,
 * and artifacts pushed by oras the Higress way must come back through `hplugin pull`/`inspect`.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { request, runPeer, startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';
import { expectPeerOk, listTags, orasDescriptor, registryDigest, sha256Hex } from './support-registry.js';

const MEDIA = {
  spec: 'application/vnd.module.wasm.spec.v1+yaml',
  doc: 'application/vnd.module.wasm.doc.v1+markdown',
  tarGz: 'application/vnd.oci.image.layer.v1.tar+gzip',
  rawWasm: 'application/vnd.module.wasm.content.layer.v1+wasm',
  unknownConfig: 'application/vnd.unknown.config.v1+json',
};

let registry: RegistryHandle;
let fx: PluginFixture;

beforeAll(async () => {
  [registry, fx] = await Promise.all([startRegistry(), scaffoldPlugin('demo')]);
});

afterAll(async () => {
  await registry?.stop();
  await fx?.cleanup();
});

const run = (args: string[], cwd: string) => hplugin(args, { cwd, env: fx.env });

describe('publish to a plain-http registry on 127.0.0.1', () => {
  it('pushes over http by default; oras and skopeo see our digest; a second publish uploads nothing', async () => {
    const dir = await fx.copy();
    const first = expectOk(await run(['publish', '--registry', registry.host, '--json'], dir), 'publish');
    const doc = first.json();
    expect(doc).toMatchObject({
      ok: true,
      target: 'registry',
      url: `oci://${registry.host}/plugins/demo:0.1.0`,
      publish: { status: 'pushed', tagStates: { '0.1.0': 'new' } },
    });
    expect(doc.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(doc.publish.bytesUploaded).toBeGreaterThan(1024 * 1024);
    expect(doc.publish.pushed).toHaveLength(5); // config + spec.yaml + 2 READMEs + plugin.tar.gz

    expect(await registryDigest(registry, 'plugins/demo:0.1.0')).toBe(doc.digest);
    expect((await orasDescriptor(registry, 'plugins/demo:0.1.0')).digest).toBe(doc.digest);

    const again = expectOk(await run(['publish', '--registry', registry.host, '--json'], dir), 'second publish').json();
    expect(again.digest).toBe(doc.digest);
    expect(again.publish).toMatchObject({ status: 'unchanged', bytesUploaded: 0, pushed: [], tagStates: { '0.1.0': 'same' } });
    expect(again.publish.skipped).toHaveLength(5);
  });

  it('an identical publish after an unchanged one answers from its record; a same-size edit with the mtime put back still rebuilds and pushes', async () => {
    const dir = await fx.copy();
    // A moving tag: the edited plugin may replace it (a version tag would refuse, rightly).
    const args = ['publish', '--registry', registry.host, '--repository', 'replayed/demo', '--tag', 'dev'];
    expectOk(await run(args, dir), 'first publish');
    const first = await registryDigest(registry, 'replayed/demo:dev');
    const second = expectOk(await run(args, dir), 'second publish');
    expect(second.stdout).toContain('is already up to date');
    const third = expectOk(await run(args, dir), 'third publish');
    expect(third.stderr).toContain('unchanged since its last publish');
    expect(third.stderr).not.toContain('Packaging');
    expect(third.stdout).toBe(second.stdout);

    // Same size, same mtime, other bytes: only the ctime tells, and it must.
    const main = join(dir, 'main.go');
    const before = await stat(main);
    const text = await readFile(main, 'utf8');
    expect(text).toContain('.denied"');
    await writeFile(main, text.replace('.denied"', '.Denied"'));
    await utimes(main, before.atime, before.mtime);
    expect((await stat(main)).size).toBe(before.size);
    const edited = expectOk(await run(args, dir), 'publish after the edit');
    expect(edited.stdout).toContain('✓ Pushed');
    expect(edited.stderr).toContain('Compiled');
    expect(await registryDigest(registry, 'replayed/demo:dev')).not.toBe(first);
  });

  it('prints a WasmPlugin whose sha256 is the manifest digest the registry serves and whose url is oci://HOST/REPO:TAG', async () => {
    const dir = await fx.copy();
    const res = expectOk(
      await run(
        ['publish', '--registry', registry.host, '--repository', 'wasmplugin/demo', '--tag', '0.1.0', '--tag', 'latest', '--json'],
        dir,
      ),
      'publish',
    );
    const served = await registryDigest(registry, 'wasmplugin/demo:0.1.0');
    for (const text of [
      res.json().wasmPlugin as string,
      (await run(['publish', '--registry', registry.host, '--repository', 'wasmplugin/demo', '--tag', '0.1.0', '--tag', 'latest'], dir))
        .stdout,
    ]) {
      // The text output frames the YAML between "# Apply to Higress …:" and "# Console plugins.properties".
      const yamlText = text.includes('# Apply to Higress')
        ? text.split('# Apply to Higress')[1]!.split('# Console plugins.properties')[0]!.replace(/^.*\n/, '')
        : text;
      const resource = parseYaml(yamlText) as { apiVersion: string; kind: string; spec: { url: string; sha256: string } };
      expect(resource).toMatchObject({ apiVersion: 'extensions.higress.io/v1alpha1', kind: 'WasmPlugin' });
      expect(resource.spec.sha256).toBe(served.slice('sha256:'.length));
      expect(resource.spec.url).toBe(`oci://${registry.host}/wasmplugin/demo:0.1.0`);
    }
    expect(await registryDigest(registry, 'wasmplugin/demo:latest')).toBe(served);
  });

  it('package then publish: the gateway verdict is not checked twice, and an archive damaged in between is made again, never pushed', async () => {
    const dir = await fx.copy();
    const packaged = expectOk(await run(['package', '--json'], dir), 'package').json().package;
    const digest = packaged.manifestDigest as string;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const first = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'after-package/demo', '--verbose'], dir),
      'publish',
    );
    // Either its blobs are still too young for the stat rule (then the push hashes the archive as it
    // sends it) or, on a slow machine, already old enough: the verdict is reused both ways.
    expect(first.stderr).toMatch(/gateway verdict of sha256:[a-f0-9]{12} reused/);
    expect(await registryDigest(registry, 'after-package/demo:0.1.0')).toBe(digest);

    // Damage the archive past its first 64 KiB (where the tar header that decides "keep it" lives),
    // with its size and mtime put back: only the ctime tells.
    const layer = (packaged.layers as { digest: string }[]).at(-1)!.digest;
    const archive = join(dir, 'dist', 'oci', 'blobs', 'sha256', layer.slice('sha256:'.length));
    const before = await stat(archive);
    expect(before.size).toBeGreaterThan(256 * 1024);
    const bytes = await readFile(archive);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 4096) ^ 0xff, bytes.length - 4096);
    await writeFile(archive, bytes);
    await utimes(archive, before.atime, before.mtime);
    const second = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'after-damage/demo', '--json'], dir),
      'publish after the damage',
    ).json();
    expect(second.digest).toBe(digest);
    expect(await registryDigest(registry, 'after-damage/demo:0.1.0')).toBe(digest);
    expect(sha256Hex(await readFile(archive))).toBe(layer.slice('sha256:'.length));
  });

  it('oras pull gets a plugin.tar.gz whose plugin.wasm is byte-identical to dist/plugin.wasm', async () => {
    const dir = await fx.copy();
    const digest = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'pulled/demo', '--json'], dir),
      'publish',
    ).json().digest;
    const out = await fx.tempDir('oras-pull');
    expectPeerOk(await runPeer('oras', ['pull', '--plain-http', '-o', out, `${registry.host}/pulled/demo:0.1.0`]), 'oras pull');
    execFileSync('tar', ['-xzf', join(out, 'plugin.tar.gz'), '-C', out]);
    expect(sha256Hex(await readFile(join(out, 'plugin.wasm')))).toBe(sha256Hex(await readFile(join(dir, 'dist', 'plugin.wasm'))));
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe(await readFile(join(dir, 'README.md'), 'utf8'));
    // And oras resolves the tag to the digest hplugin reported.
    const fetched = expectPeerOk(
      await runPeer('oras', ['manifest', 'fetch', '--plain-http', `${registry.host}/pulled/demo:0.1.0`]),
      'oras manifest fetch',
    );
    expect(`sha256:${sha256Hex(fetched.stdout)}`).toBe(digest);
  });

  it('skopeo copy from the local layout dist/oci keeps the digest, and hplugin inspect accepts the copy', async () => {
    const dir = await fx.copy();
    const packaged = expectOk(await run(['package', '--json'], dir), 'package').json();
    const digest = packaged.package.manifestDigest as string;
    expectPeerOk(
      await runPeer('skopeo', [
        'copy',
        '--dest-tls-verify=false',
        '--dest-no-creds',
        `oci:${join(dir, 'dist', 'oci')}:0.1.0`,
        `docker://${registry.host}/copied/demo:0.1.0`,
      ]),
      'skopeo copy',
    );
    expect(await registryDigest(registry, 'copied/demo:0.1.0')).toBe(digest);
    const inspected = await run(['inspect', `${registry.host}/copied/demo:0.1.0`, '--json'], dir);
    expect(inspected.code).toBe(0);
    expect(inspected.json()).toMatchObject({ descriptor: { digest }, verdict: { ok: true } });
  });

  it('a Higress-layout artifact pushed by oras comes back through hplugin pull and passes hplugin inspect', async () => {
    const dir = await fx.copy();
    const files = await fx.tempDir('oras-push');
    const wasm = join(dir, 'dist', 'plugin.wasm');
    await copyFile(wasm, join(files, 'plugin.wasm'));
    execFileSync('tar', ['-czf', 'plugin.tar.gz', 'plugin.wasm'], { cwd: files });
    await copyFile(join(dir, 'spec.yaml'), join(files, 'spec.yaml'));
    await copyFile(join(dir, 'README.md'), join(files, 'README.md'));
    await writeFile(join(files, 'config.json'), '{"pushedBy":"oras"}');
    const ref = `${registry.host}/oras/demo:1.0.0`;
    expectPeerOk(
      await runPeer(
        'oras',
        [
          'push',
          '--plain-http',
          '--config',
          `config.json:${MEDIA.unknownConfig}`,
          ref,
          `spec.yaml:${MEDIA.spec}`,
          `README.md:${MEDIA.doc}`,
          `plugin.tar.gz:${MEDIA.tarGz}`,
        ],
        { cwd: files },
      ),
      'oras push',
    );

    const out = join(await fx.tempDir('hplugin-pull'), 'out');
    await mkdir(out);
    const pulled = expectOk(await run(['pull', ref, '-o', out, '--json'], dir), 'hplugin pull').json();
    expect(pulled.verdict.ok).toBe(true);
    expect(pulled.files.map((f: { name: string }) => f.name).sort()).toEqual(['README.md', 'plugin.wasm', 'spec.yaml']);
    expect(sha256Hex(await readFile(join(out, 'plugin.wasm')))).toBe(sha256Hex(await readFile(wasm)));
    expect(await readFile(join(out, 'spec.yaml'), 'utf8')).toBe(await readFile(join(dir, 'spec.yaml'), 'utf8'));
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe(await readFile(join(dir, 'README.md'), 'utf8'));

    const inspected = await run(['inspect', ref], dir);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toMatch(/✓ gateway: .*plugin\.tar\.gz/);
    expect(inspected.stdout).toContain(await registryDigest(registry, 'oras/demo:1.0.0'));
  });

  it('a single raw-wasm layer pushed by oras fails hplugin inspect (exit 1) with the higress#4528 reason', async () => {
    const dir = await fx.copy();
    const files = await fx.tempDir('oras-raw');
    await copyFile(join(dir, 'dist', 'plugin.wasm'), join(files, 'plugin.wasm'));
    const ref = `${registry.host}/oras/raw:1.0.0`;
    expectPeerOk(await runPeer('oras', ['push', '--plain-http', ref, `plugin.wasm:${MEDIA.rawWasm}`], { cwd: files }), 'oras push raw');
    const inspected = await run(['inspect', ref, '--json'], dir);
    expect(inspected.code).toBe(1);
    const verdict = inspected.json().verdict;
    expect(verdict.ok).toBe(false);
    expect(`${verdict.reason}\n${verdict.problems.join('\n')}`).toMatch(/single raw wasm layer.*higress#4528/s);
    const text = await run(['inspect', ref], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('✗ gateway would reject it');
  });

  it('--dry-run --json lists the blobs it would push and leaves the registry without the tag', async () => {
    const dir = await fx.copy();
    const res = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'dry/demo', '--dry-run', '--json'], dir),
      'dry run',
    );
    const doc = res.json();
    expect(doc.publish.status).toBe('dry-run');
    expect(doc.publish.bytesUploaded).toBe(0);
    // What it would push is exactly the layout's manifest: its config and every layer.
    const layout = JSON.parse(await readFile(join(dir, 'dist', 'oci', 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string; annotations?: Record<string, string> }>;
    };
    const entry = layout.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === '0.1.0')!;
    const manifest = JSON.parse(await readFile(join(dir, 'dist', 'oci', 'blobs', 'sha256', entry.digest.slice(7)), 'utf8'));
    const expected = [manifest.config, ...manifest.layers].map((d: { digest: string }) => d.digest).sort();
    expect(doc.publish.pushed.map((d: { digest: string }) => d.digest).sort()).toEqual(expected);
    expect(entry.digest).toBe(doc.digest);

    expect(await listTags(registry, 'dry/demo')).not.toContain('0.1.0');
    for (const digest of expected) {
      const head = await request(`${registry.url}/v2/dry/demo/blobs/${digest}`, { method: 'HEAD' });
      expect(head.status, digest).toBe(404);
    }
  });
});
