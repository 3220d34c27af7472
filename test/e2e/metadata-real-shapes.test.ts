/**
 * Plugins shaped like the real ones in the Higress repository (packages/metadata/fixtures, built
 * with the real SDK), through the built CLI: the metadata is merged once and every output says the
 * same phase, priority and failStrategy; config types in a sub-package; gjson keys; and the
 * zero-config documentation gaps that are warnings by default and errors with --strict.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk } from './support-plugin.js';

const FIXTURES = fileURLToPath(new URL('../../packages/metadata/fixtures/', import.meta.url));

let root: string;
let env: NodeJS.ProcessEnv;
let copies = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hplugin-e2e-metadata-'));
  env = { HPLUGIN_CACHE_DIR: join(root, 'cache'), HPLUGIN_REGISTRY: '', GONOSUMDB: 'github.com/higress-group' };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh copy of a fixture plugin, in a folder of the plugin's name (its default name). */
async function copyFixture(name: string): Promise<string> {
  const dir = join(root, `copy-${++copies}`, name);
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const run = (args: string[], cwd: string) => hplugin(args, { cwd, env });

interface Described {
  digest: string;
  annotations?: Record<string, string>;
}
interface Warning {
  code?: string;
  message: string;
}
interface PackagedSpec {
  info: Record<string, unknown>;
  spec: { phase: string; priority: number; configSchema: { openAPIV3Schema: { properties: Record<string, unknown>; example?: unknown } } };
}

/** A layer of the packaged artifact (by its title), read straight from the OCI layout on disk. */
async function packagedLayer(pluginDir: string, tag: string, title: string): Promise<string> {
  const layout = join(pluginDir, 'dist', 'oci');
  const blob = (digest: string) => readFile(join(layout, 'blobs', ...digest.split(':')));
  const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8'));
  const entry = (index.manifests as Described[]).find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)!;
  const manifest = JSON.parse((await blob(entry.digest)).toString());
  const layer = (manifest.layers as Described[]).find((l) => l.annotations?.['org.opencontainers.image.title'] === title)!;
  return (await blob(layer.digest)).toString();
}

const packagedSpec = async (pluginDir: string, tag: string): Promise<PackagedSpec> =>
  parseYaml(await packagedLayer(pluginDir, tag, 'spec.yaml')) as PackagedSpec;

describe('an auth plugin whose annotations say AUTHN/320 (basic-auth shape)', () => {
  let registry: RegistryHandle;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('package, the spec layer and manifest all say AUTHN, 320, FAIL_CLOSE', async () => {
    const dir = await copyFixture('auth-plugin');
    const pkg = expectOk(await run(['package', '--json'], dir), 'package').json();
    expect(pkg.metadata).toMatchObject({ phase: 'AUTHN', priority: 320, failStrategy: 'FAIL_CLOSE', category: 'auth' });
    const spec = await packagedSpec(dir, '1.0.0');
    expect(spec.spec).toMatchObject({ phase: 'AUTHN', priority: 320 });
    expect(spec.info).toMatchObject({ name: 'auth-plugin', category: 'auth' });

    const manifest = expectOk(await run(['manifest', '--json'], dir), 'manifest').json();
    const wp = parseYaml(manifest.wasmPlugin);
    expect(wp.spec).toMatchObject({
      phase: 'AUTHN',
      priority: 320,
      failStrategy: 'FAIL_CLOSE',
      sha256: pkg.package.manifestDigest.slice(7),
    });
    expect(wp.spec.defaultConfig).toEqual(spec.spec.configSchema.openAPIV3Schema.example);
    expect(manifest.pluginsProperties).toBe('auth-plugin=oci://<registry>/plugins/auth-plugin:1.0.0');

    const text = expectOk(await run(['manifest'], dir), 'manifest (text)').stdout;
    expect(text).toMatch(/^ {2}phase: AUTHN$/m);
    expect(text).toMatch(/^ {2}failStrategy: FAIL_CLOSE$/m);
  });

  it('the WasmPlugin printed by publish reads the same resolved metadata', async () => {
    const dir = await copyFixture('auth-plugin');
    const doc = expectOk(await run(['publish', '--registry', registry.host, '--json'], dir), 'publish').json();
    const wp = parseYaml(doc.wasmPlugin);
    expect(wp.spec).toMatchObject({ phase: 'AUTHN', priority: 320, failStrategy: 'FAIL_CLOSE', sha256: doc.digest.slice(7) });
    // manifest of the published reference reads the spec layer in the registry: the same values.
    const remote = expectOk(await run(['manifest', `${registry.host}/plugins/auth-plugin:1.0.0`, '--json'], dir), 'manifest <ref>').json();
    expect(parseYaml(remote.wasmPlugin).spec).toMatchObject({
      phase: 'AUTHN',
      priority: 320,
      failStrategy: 'FAIL_CLOSE',
      sha256: doc.digest.slice(7),
    });
    expect(remote.pluginsProperties).toBe(`auth-plugin=oci://${registry.host}/plugins/auth-plugin:1.0.0`);
  });

  it('an explicit metadata.failStrategy in the config wins, and says so', async () => {
    const dir = await copyFixture('auth-plugin');
    await writeFile(join(dir, 'hplugin.config.yaml'), 'metadata:\n  failStrategy: FAIL_OPEN\n');
    const pkg = expectOk(await run(['package', '--json'], dir), 'package').json();
    expect(pkg.metadata).toMatchObject({
      failStrategy: 'FAIL_OPEN',
      sources: { failStrategy: expect.stringContaining('hplugin.config.yaml') },
    });
    const wp = parseYaml(expectOk(await run(['manifest', '--json'], dir), 'manifest').json().wasmPlugin);
    expect(wp.spec).toMatchObject({ phase: 'AUTHN', failStrategy: 'FAIL_OPEN' });
  });
});

describe('a config type in a sub-package (jwt-auth / ai-proxy shape)', () => {
  it('packages the spec of config/config.go with the annotations from func main, warning once', async () => {
    const dir = await copyFixture('config-subpackage');
    const res = expectOk(await run(['package', '--json'], dir), 'package');
    const doc = res.json();
    const detached = (doc.warnings as Warning[]).filter((w) => w.code === 'SPEC_ANNOTATIONS_DETACHED');
    expect(detached).toHaveLength(1);
    expect(detached[0]!.message).toMatch(/^main\.go:12: .*on func main, not on a struct; it is used for the config struct GateConfig/);
    const spec = await packagedSpec(dir, '0.3.0');
    expect(spec.info).toMatchObject({ name: 'config-subpackage', title: 'Token Gate', category: 'auth' });
    expect(Object.keys(spec.spec.configSchema.openAPIV3Schema.properties)).toEqual(['token_header', 'token_secret_key', 'rules', 'allow']);
    const wp = parseYaml(expectOk(await run(['manifest', '--json'], dir), 'manifest').json().wasmPlugin);
    expect(wp.spec).toMatchObject({ phase: 'AUTHZ', priority: 150, failStrategy: 'FAIL_CLOSE' });
  });
});

describe('a config read with gjson (request-block shape)', () => {
  it('hplugin spec names the properties by the json.Get keys and says which field it cannot name', async () => {
    const dir = await copyFixture('gjson-keys');
    const res = expectOk(await run(['spec', '--stdout'], dir), 'spec');
    const spec = parseYaml(res.stdout);
    expect(Object.keys(spec.spec.configSchema.openAPIV3Schema.properties)).toEqual([
      'token_secret_key',
      'token_header',
      'expire_seconds',
      'blocked_paths',
      'debug',
    ]);
    expect(res.stdout).not.toMatch(/tokenSecretKey|Issuer/);
    expect(res.stderr).toMatch(/main\.go:33: Field Issuer has no json tag .* left out of the schema rather than named after its Go field/);
    const json = expectOk(await run(['spec', '--stdout', '--json'], dir), 'spec --json').json();
    expect(json.warnings).toEqual([expect.objectContaining({ code: 'SPEC_CONFIG_KEY_UNKNOWN' })]);
  });
});

describe('zero-config documentation gaps', () => {
  it('a missing README.md is a warning by default, and the artifact carries a generated one', async () => {
    const dir = await copyFixture('gjson-keys');
    await rm(join(dir, 'README.md'));
    const res = expectOk(await run(['package'], dir), 'package without README');
    expect(res.stdout).toContain('README.md: none in the plugin folder; the artifact carries a generated minimal one');
    expect(res.stderr).toContain('gjson-keys has no README.md: the artifact carries a generated minimal one');
    expect(await packagedLayer(dir, '0.2.0', 'README.md')).toMatch(/^# gjson-keys\n[\s\S]*generated by hplugin/);
  });

  it('a missing README.md is an error with --strict, and with package.strict in the config', async () => {
    const dir = await copyFixture('gjson-keys');
    await rm(join(dir, 'README.md'));
    const strict = await run(['package', '--strict', '--json'], dir);
    expect(strict.code).toBe(2);
    expect(strict.json().error).toMatchObject({ code: 'PACKAGE_README_MISSING' });
    await writeFile(join(dir, 'hplugin.config.yaml'), 'package:\n  strict: true\n');
    const fromConfig = await run(['package', '--json'], dir);
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.json().error.code).toBe('PACKAGE_README_MISSING');
    // --no-strict overrides the config key.
    expectOk(await run(['package', '--no-strict'], dir), 'package --no-strict');
  });

  it('an annotation with no text and an invalid @Example: warnings by default, errors with --strict', async () => {
    const dir = await copyFixture('auth-plugin');
    const source = await readFile(join(dir, 'main.go'), 'utf8');
    await writeFile(
      join(dir, 'main.go'),
      source
        .replace('// @Title en-US Allowed consumers', '// @Title')
        .replace('// @Title en-US Consumer name', '// @Title en-US Consumer name\n\t// @Example [not: closed'),
    );
    const lenient = expectOk(await run(['package', '--json'], dir), 'package with documentation gaps').json();
    const gaps = (lenient.warnings as Warning[]).filter((w) => w.code === 'SPEC_ANNOTATION_INVALID').map((w) => w.message);
    expect(gaps).toHaveLength(2);
    expect(gaps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^main\.go:\d+: @Title has no text\. It is left out \(an error with --strict\)\.$/),
        expect.stringMatching(/^main\.go:\d+: @Example is not valid YAML: .*\. It is left out/),
      ]),
    );
    expect(lenient.metadata).toMatchObject({ phase: 'AUTHN', priority: 320 });
    const strict = await run(['package', '--strict', '--json'], dir);
    expect(strict.code).toBe(2);
    expect(strict.json().error.code).toBe('SPEC_ANNOTATION_INVALID');
  });
});
