/**
 * Supply chain end to end, graded by the peers: `hplugin publish --sbom --sign` against the real
 * docker-registry 2.8 (no referrers API: the tag-schema fallback), then the real cosign CLI
 * (`cosign verify --key`, offline) and `oras discover` must see what hplugin wrote; cosign's own
 * signatures must pass `hplugin verify`; a tag moved to other content, a signature copied from
 * another artifact and a wrong key must all be refused, by hplugin (verify, pull --verify,
 * manifest --verify) and by cosign. The referrers-API path runs through startReferrersProxy (a
 * distribution-spec 1.1 front on the same real registry; see that file for why).
 */
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPeer, startReferrersProxy, startRegistry, type ReferrersProxy, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';
import { expectPeerOk, listTags, registryDigest } from './support-registry.js';

const SPDX = 'application/spdx+json';
const CYCLONEDX = 'application/vnd.cyclonedx+json';
const COSIGN_PASSWORD = 'correct horse battery staple';
// Offline: no transparency log (Rekor) and http to the loopback registry.
const COSIGN_OFFLINE = ['--insecure-ignore-tlog=true', '--allow-http-registry=true'];

let registry: RegistryHandle;
let api: ReferrersProxy;
let fx: PluginFixture;
let keys: string;

beforeAll(async () => {
  [registry, fx] = await Promise.all([startRegistry(), scaffoldPlugin('demo')]);
  api = await startReferrersProxy({ target: registry });
  keys = await fx.tempDir('keys');
  // An hplugin key pair (plain PEM) and a cosign key pair (cosign's encrypted format).
  expectOk(await hplugin(['key', 'generate', '--output', join(keys, 'hplugin')], { cwd: keys, env: fx.env }), 'hplugin key generate');
  expectPeerOk(await runPeer('cosign', ['generate-key-pair'], { cwd: keys, env: { COSIGN_PASSWORD } }), 'cosign generate-key-pair');
});

afterAll(async () => {
  await api?.stop();
  await registry?.stop();
  await fx?.cleanup();
});

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => hplugin(args, { cwd, env: { ...fx.env, ...env } });
const cosign = (args: string[]) => runPeer('cosign', args, { cwd: keys, env: { COSIGN_PASSWORD } });

async function publishSigned(dir: string, repo: string, extra: string[] = []): Promise<{ digest: string; supplyChain: any }> {
  const res = expectOk(
    await run(
      [
        'publish',
        '--registry',
        registry.host,
        '--repository',
        repo,
        '--sbom',
        '--sign',
        '--key',
        join(keys, 'hplugin.key'),
        ...extra,
        '--json',
      ],
      dir,
    ),
    'publish --sbom --sign',
  );
  return res.json();
}

describe('publish --sbom --sign against docker-registry 2.8 (tag-schema fallback)', () => {
  it('cosign verify --key and hplugin verify accept it, oras discover lists the SBOM, and the manifest digest is the unsigned one', async () => {
    const dir = await fx.copy();
    const plain = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'plain/demo', '--json'], dir),
      'plain publish',
    ).json();
    const signed = await publishSigned(dir, 'signed/demo');

    // Reproducibility: the SBOM and the signature live beside the manifest, never in it.
    expect(signed.digest).toBe(plain.digest);
    expect(await registryDigest(registry, 'signed/demo:0.1.0')).toBe(plain.digest);
    const hex = plain.digest.slice('sha256:'.length);
    expect(signed.supplyChain.sbom).toMatchObject({
      format: 'spdx',
      mode: 'tag-schema',
      tag: `sha256-${hex}`,
      subject: plain.digest,
      added: true,
    });
    expect(signed.supplyChain.signature).toMatchObject({ tag: `sha256-${hex}.sig`, signatures: 1 });
    expect((await listTags(registry, 'signed/demo')).sort()).toEqual(['0.1.0', `sha256-${hex}`, `sha256-${hex}.sig`]);

    const cosignVerify = expectPeerOk(
      await cosign(['verify', '--key', join(keys, 'hplugin.pub'), ...COSIGN_OFFLINE, `${registry.host}/signed/demo:0.1.0`]),
      'cosign verify',
    );
    const payloads = JSON.parse(cosignVerify.stdout) as Array<{
      critical: { image: { 'docker-manifest-digest': string }; identity: { 'docker-reference': string } };
    }>;
    expect(payloads.map((p) => p.critical.image['docker-manifest-digest'])).toEqual([plain.digest]);
    expect(payloads[0]!.critical.identity['docker-reference']).toBe(`${registry.host}/signed/demo`);

    const verified = expectOk(
      await run(['verify', `${registry.host}/signed/demo:0.1.0`, '--key', join(keys, 'hplugin.pub'), '--json'], dir),
      'hplugin verify',
    ).json();
    expect(verified).toMatchObject({
      ok: true,
      digest: plain.digest,
      pinned: `${registry.host}/signed/demo@${plain.digest}`,
      rejected: [],
    });
    expect(verified.verified).toHaveLength(1);
    expect(verified.sboms.map((d: { artifactType: string }) => d.artifactType)).toEqual([SPDX]);

    const discover = JSON.parse(
      expectPeerOk(
        await runPeer('oras', ['discover', '--plain-http', '--format', 'json', `${registry.host}/signed/demo:0.1.0`]),
        'oras discover',
      ).stdout,
    );
    expect(discover.referrers.map((r: { artifactType: string }) => r.artifactType)).toEqual([SPDX]);
    expect(discover.referrers[0].digest).toBe(signed.supplyChain.sbom.digest);

    // The SBOM oras pulls is the file package wrote, and names what the module really links.
    const out = await fx.tempDir('sbom');
    expectPeerOk(
      await runPeer('oras', ['pull', '--plain-http', '-o', out, `${registry.host}/signed/demo@${signed.supplyChain.sbom.digest}`]),
      'oras pull sbom',
    );
    const pulled = await readFile(join(out, 'sbom.spdx.json'), 'utf8');
    expect(pulled).toBe(await readFile(join(dir, 'dist', 'sbom', 'sbom.spdx.json'), 'utf8'));
    const doc = JSON.parse(pulled);
    expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', name: 'demo-0.1.0' });
    const names = doc.packages.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['demo', 'stdlib', 'github.com/higress-group/wasm-go', 'github.com/higress-group/proxy-wasm-go-sdk']),
    );
    const goSum = await readFile(join(dir, 'go.sum'), 'utf8');
    const wasmGo = doc.packages.find((p: { name: string }) => p.name === 'github.com/higress-group/wasm-go');
    expect(goSum).toContain(`github.com/higress-group/wasm-go ${wasmGo.versionInfo} ${wasmGo.comment.replace('go.sum ', '')}`);
  });

  it('publishing again changes nothing: the same SBOM referrer, one more signature, the same manifest digest', async () => {
    const dir = await fx.copy();
    const first = await publishSigned(dir, 'again/demo');
    const second = await publishSigned(dir, 'again/demo');
    expect(second.digest).toBe(first.digest);
    expect(second.supplyChain.sbom).toMatchObject({ digest: first.supplyChain.sbom.digest, added: false });
    expect(second.supplyChain.signature.signatures).toBe(2);
    const discover = JSON.parse(
      expectPeerOk(
        await runPeer('oras', ['discover', '--plain-http', '--format', 'json', `${registry.host}/again/demo:0.1.0`]),
        'oras discover',
      ).stdout,
    );
    expect(discover.referrers).toHaveLength(1);
  });
});

describe('package.sbom in the workspace template', () => {
  it('is on: `hplugin package` of a workspace plugin writes dist/sbom/sbom.spdx.json and leaves the manifest digest alone', async () => {
    const root = await fx.tempDir('ws');
    expectOk(await run(['new', '--workspace', 'ws', '--ci', 'none', '--yes'], root), 'new --workspace');
    const dir = join(root, 'ws', 'plugins', 'demo');
    await cp(fx.template, dir, { recursive: true });
    const packaged = expectOk(await run(['package', '--json'], dir), 'package').json();
    expect(packaged.sbom).toMatchObject({ format: 'spdx', path: join(dir, 'dist', 'sbom', 'sbom.spdx.json') });
    expect(JSON.parse(await readFile(packaged.sbom.path, 'utf8')).spdxVersion).toBe('SPDX-2.3');
    const plain = expectOk(await run(['package', '--sbom', 'none', '--json'], dir), 'package --sbom none').json();
    expect(plain.sbom).toBeNull();
    expect(plain.package.manifestDigest).toBe(packaged.package.manifestDigest);

    // No registry configured: publish tags the local layout, and a signature has nowhere to go.
    const refused = await run(['publish', '--sign', '--key', join(keys, 'hplugin.key'), '--json'], dir);
    expect(refused.code).toBe(2);
    expect(refused.json().error.code).toBe('SIGN_NEEDS_REGISTRY');
    const noKey = await run(['publish', '--sign', '--json'], dir);
    expect(noKey.code).toBe(2);
    expect(noKey.json().error.code).toBe('KEY_REQUIRED');
  });
});

describe('a registry with the referrers API', () => {
  it('attaches the SBOM through the API (no fallback tag), and oras discover finds it there', async () => {
    const dir = await fx.copy();
    const res = expectOk(
      await run(['publish', '--registry', api.host, '--repository', 'api/demo', '--sbom', 'cyclonedx', '--json'], dir),
      'publish --sbom cyclonedx',
    ).json();
    expect(res.supplyChain.sbom).toMatchObject({ format: 'cyclonedx', mode: 'api', subject: res.digest });
    expect(res.supplyChain.sbom.tag).toBeUndefined();
    expect(api.stats.subjectPuts).toBeGreaterThanOrEqual(1);
    expect(await listTags(registry, 'api/demo')).toEqual(['0.1.0']);

    const discover = JSON.parse(
      expectPeerOk(await runPeer('oras', ['discover', '--plain-http', '--format', 'json', `${api.host}/api/demo:0.1.0`]), 'oras discover')
        .stdout,
    );
    expect(discover.referrers.map((r: { artifactType: string; digest: string }) => [r.artifactType, r.digest])).toEqual([
      [CYCLONEDX, res.supplyChain.sbom.digest],
    ]);
    const sbom = JSON.parse(await readFile(join(dir, 'dist', 'sbom', 'sbom.cdx.json'), 'utf8'));
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { name: 'demo', version: '0.1.0' } } });
  });
});

describe('tampering is refused', () => {
  it('a tag moved to other content: hplugin verify, pull --verify and manifest --verify refuse it, and so does cosign', async () => {
    const dir = await fx.copy();
    const signed = await publishSigned(dir, 'tamper/demo');
    // Someone pushes other content under the signed tag.
    await writeFile(join(dir, 'README.md'), `${await readFile(join(dir, 'README.md'), 'utf8')}\nInjected.\n`);
    const moved = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'tamper/demo', '--force', '--json'], dir),
      'publish --force',
    ).json();
    expect(moved.digest).not.toBe(signed.digest);
    const ref = `${registry.host}/tamper/demo:0.1.0`;
    const pub = join(keys, 'hplugin.pub');

    const verify = await run(['verify', ref, '--key', pub, '--json'], dir);
    expect(verify.code).toBe(1);
    expect(verify.json().error).toMatchObject({ code: 'SIGNATURE_NOT_FOUND', details: { digest: moved.digest } });

    const out = await fx.tempDir('pull');
    const pull = await run(['pull', ref, '--verify', '--key', pub, '-o', out, '--json'], dir);
    expect(pull.code).toBe(1);
    expect(pull.json().error.code).toBe('SIGNATURE_NOT_FOUND');
    expect(existsSync(join(out, 'plugin.wasm'))).toBe(false);

    const manifest = await run(['manifest', ref, '--verify', '--key', pub], dir);
    expect(manifest.code).toBe(1);
    expect(manifest.stdout).not.toContain('WasmPlugin');

    expect((await cosign(['verify', '--key', pub, ...COSIGN_OFFLINE, ref])).code).not.toBe(0);

    // The signed digest itself still verifies, and pull --verify by digest extracts it.
    expectOk(
      await run(['pull', `${registry.host}/tamper/demo@${signed.digest}`, '--verify', '--key', pub, '-o', out], dir),
      'pull --verify by digest',
    );
    expect(existsSync(join(out, 'plugin.wasm'))).toBe(true);
  });

  it('a valid signature copied onto another artifact, and a wrong key, fail both hplugin and cosign', async () => {
    const dir = await fx.copy();
    const signed = await publishSigned(dir, 'copied/demo');
    await writeFile(join(dir, 'README.md'), 'Other content.\n');
    const other = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'copied/demo', '--tag', 'other', '--json'], dir),
      'publish other',
    ).json();
    const sigOf = (d: string) => `${registry.host}/copied/demo:sha256-${d.slice('sha256:'.length)}.sig`;
    expectPeerOk(
      await runPeer('oras', ['cp', '--from-plain-http', '--to-plain-http', sigOf(signed.digest), sigOf(other.digest)]),
      'oras cp .sig',
    );
    const pub = join(keys, 'hplugin.pub');

    const copied = await run(['verify', `${registry.host}/copied/demo:other`, '--key', pub, '--json'], dir);
    expect(copied.code).toBe(1);
    expect(copied.json().error.code).toBe('SIGNATURE_INVALID');
    expect(copied.json().error.message).toContain(`the signature is for ${signed.digest}`);
    expect((await cosign(['verify', '--key', pub, ...COSIGN_OFFLINE, `${registry.host}/copied/demo:other`])).code).not.toBe(0);

    const wrongKey = await run(['verify', `${registry.host}/copied/demo:0.1.0`, '--key', join(keys, 'cosign.pub'), '--json'], dir);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.json().error).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(wrongKey.json().error.message).toContain('does not match the key');
    expect(
      (await cosign(['verify', '--key', join(keys, 'cosign.pub'), ...COSIGN_OFFLINE, `${registry.host}/copied/demo:0.1.0`])).code,
    ).not.toBe(0);
  });
});

describe('interoperability with cosign keys and signatures', () => {
  it('hplugin verifies what cosign signed, and signs with cosign.key so that cosign verifies it', async () => {
    const dir = await fx.copy();
    const res = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'cosign/demo', '--json'], dir),
      'publish',
    ).json();
    const ref = `${registry.host}/cosign/demo:0.1.0`;
    expectPeerOk(
      await cosign([
        'sign',
        '--key',
        join(keys, 'cosign.key'),
        '--tlog-upload=false',
        '--allow-http-registry=true',
        '--yes',
        `${registry.host}/cosign/demo@${res.digest}`,
      ]),
      'cosign sign',
    );
    const byCosign = expectOk(
      await run(['verify', ref, '--key', join(keys, 'cosign.pub'), '--json'], dir),
      'hplugin verify of a cosign signature',
    ).json();
    expect(byCosign.verified).toHaveLength(1);

    // cosign's encrypted key, unlocked with COSIGN_PASSWORD, signs a second layer next to cosign's.
    // -a puts a claim in the payload's `optional`, which cosign reports as it does its own -a.
    expectOk(
      await run(['sign', ref, '--key', join(keys, 'cosign.key'), '-a', 'ci=e2e', '--json'], dir, { COSIGN_PASSWORD }),
      'hplugin sign with cosign.key',
    );
    const payloads = JSON.parse(
      expectPeerOk(await cosign(['verify', '--key', join(keys, 'cosign.pub'), ...COSIGN_OFFLINE, ref]), 'cosign verify').stdout,
    );
    expect(payloads).toHaveLength(2);
    expect(payloads.map((p: { optional: unknown }) => p.optional)).toEqual(expect.arrayContaining([{ ci: 'e2e' }]));
    // And cosign's own claim check holds: `-a ci=e2e` selects hplugin's signature.
    expectPeerOk(await cosign(['verify', '--key', join(keys, 'cosign.pub'), ...COSIGN_OFFLINE, '-a', 'ci=e2e', ref]), 'cosign verify -a');
    expect(
      expectOk(await run(['verify', ref, '--key', join(keys, 'cosign.pub'), '--json'], dir), 'hplugin verify').json().verified,
    ).toHaveLength(2);
  });

  it('a key pair from `hplugin key generate` with COSIGN_PASSWORD is one cosign signs with', async () => {
    const dir = await fx.copy();
    const prefix = join(keys, 'encrypted');
    const generated = expectOk(
      await run(['key', 'generate', '--output', prefix, '--json'], keys, { COSIGN_PASSWORD }),
      'key generate',
    ).json();
    expect(generated).toMatchObject({ encrypted: true, privateKeyPath: `${prefix}.key`, publicKeyPath: `${prefix}.pub` });
    expect(await readFile(`${prefix}.key`, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----/);
    const res = expectOk(
      await run(['publish', '--registry', registry.host, '--repository', 'generated/demo', '--json'], dir),
      'publish',
    ).json();
    expectPeerOk(
      await cosign([
        'sign',
        '--key',
        `${prefix}.key`,
        '--tlog-upload=false',
        '--allow-http-registry=true',
        '--yes',
        `${registry.host}/generated/demo@${res.digest}`,
      ]),
      'cosign sign with our key',
    );
    expectOk(await run(['verify', `${registry.host}/generated/demo:0.1.0`, '--key', `${prefix}.pub`], dir), 'hplugin verify');
  });
});
