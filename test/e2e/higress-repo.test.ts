/**
 * A repository shaped like Higress's plugins/wasm-go (test/fixtures/higress-repo: eight real SDK
 * plugins under plugins/wasm-go/extensions, a broken example sorting first, config types in config/
 * sub-packages, relative replace directives, plugins without VERSION or README), driven from its
 * root with only a two-line workspace config, through the built CLI and against a real registry.
 *
 * The fixture is copied to a temp folder and made a git repository with Higress-style release tags
 * (wasm-go-<name>-vX.Y.Z). Every build shares one build cache, so the Go builds happen once.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { listTags, registryDigest } from './support-registry.js';

const FIXTURE = new URL('../fixtures/higress-repo/', import.meta.url);
const EXT = 'plugins/wasm-go/extensions';
/** Every plugin that compiles, with the version it must get and where that comes from. */
const EXPECTED: Record<string, { version: string; from: string }> = {
  'basic-auth': { version: '1.0.0', from: 'VERSION' },
  'cache-control': { version: '1.0.0', from: 'VERSION' },
  cors: { version: '2.0.1', from: 'git tag wasm-go-cors-v2.0.1' },
  'hello-world': { version: '1.2.0', from: 'git tag wasm-go-hello-world-v1.2.0' },
  'key-auth': { version: '1.1.0', from: 'VERSION' },
  'request-block': { version: '1.0.0', from: 'VERSION' },
  'traffic-tag': { version: '1.0.0', from: 'VERSION' },
};
const BUILDABLE = Object.keys(EXPECTED);
/** The fixture plugins without a README.md: their artifacts carry a generated minimal one. */
const WITHOUT_README = ['hello-world', 'request-block'];

type Row = {
  name: string;
  status: string;
  version: string | null;
  versionSource: string | null;
  result?: any;
  error?: { code: string; message: string };
};
type ManyDoc = {
  counts: { total: number; ok: number; failed: number; notRun: number; cached: number };
  digestColumn: string;
  plugins: Row[];
  warnings: Array<{ code?: string; message: string }>;
};

let ws: string;
let env: NodeJS.ProcessEnv;
let registry: RegistryHandle;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: ws, stdio: 'pipe' })
    .toString()
    .trim();
const rows = (doc: ManyDoc) => Object.fromEntries(doc.plugins.map((p) => [p.name, p]));
const run = (args: string[]) => hplugin(args, { cwd: ws, env });

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'hplugin-higress-repo-'));
  cpSync(FIXTURE, ws, { recursive: true });
  // The build cache inside the repository and not in .gitignore (neither is dist/): --changed-since
  // must still not count either as a change.
  env = { HPLUGIN_CACHE_DIR: join(ws, '.cache'), HPLUGIN_REGISTRY: '', DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'hplugin-docker-')) };
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'plugins');
  // Releases the Higress way. basic-auth's old tag loses to its VERSION file; hello-world's newest wins.
  for (const tag of ['wasm-go-hello-world-v1.1.0', 'wasm-go-hello-world-v1.2.0', 'wasm-go-cors-v2.0.1', 'wasm-go-basic-auth-v0.9.0'])
    git('tag', tag);
  registry = await startRegistry();
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  if (ws) rmSync(ws, { recursive: true, force: true });
  if (env?.DOCKER_CONFIG) rmSync(env.DOCKER_CONFIG, { recursive: true, force: true });
});

describe('a Higress-shaped repository, zero-config', () => {
  it('has only the two-line workspace config', () => {
    expect(readFileSync(join(ws, 'hplugin.config.yaml'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('build --all --continue-on-error: one failed row for the broken example, every other plugin built with its own version', async () => {
    const res = await run(['build', '--all', '--continue-on-error', '--json']);
    expect(res.code, res.stderr).toBe(1);
    const doc = res.json<ManyDoc>();
    expect(doc.plugins.map((p) => p.name)).toEqual(['a-broken-example', ...BUILDABLE]);
    expect(doc.counts).toEqual({ total: 8, ok: 7, failed: 1, notRun: 0, cached: 0 });
    expect(doc.digestColumn).toBe('inputs hash');
    const byName = rows(doc);
    expect(byName['a-broken-example']).toMatchObject({ status: 'failed', error: { code: 'BUILD_FAILED' } });
    for (const [name, want] of Object.entries(EXPECTED)) {
      expect(byName[name], name).toMatchObject({ status: 'ok', version: want.version, versionSource: want.from });
      expect(readFileSync(byName[name]!.result.wasmPath).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    }
  });

  it('counts ok, cached, failed and not run separately, and prints each warning once per plugin', async () => {
    const again = await run(['build', '--all', '--continue-on-error']);
    expect(again.stdout).toMatch(/plugin\s+version\s+version from\s+status\s+cached\s+size\s+inputs hash\s+time/);
    expect(again.stdout).toContain('8 plugins: 7 ok (7 cached), 1 failed.');
    // One sched_yield warning per built plugin: not one per stage, not one per cache lookup.
    expect(again.stderr.match(/imports wasi_snapshot_preview1\.sched_yield/g)).toHaveLength(7);
    const silenced = await run(['build', '--all', '--continue-on-error', '--silence', 'WASM_WASI_NOT_ON_OLD_GATEWAYS']);
    expect(silenced.stderr).not.toContain('sched_yield');

    // Fail-fast: the broken example sorts first, so nothing else starts, and nothing is called ok.
    const fast = await run(['build', '--all', '--concurrency', '1']);
    expect(fast.code).toBe(1);
    expect(fast.stdout).toContain('8 plugins: 0 ok, 1 failed, 7 not run.');
  });

  it('package --all packages every buildable plugin with its own version', async () => {
    const res = await run(['package', '--all', '--continue-on-error', '--json']);
    const doc = res.json<ManyDoc>();
    expect(doc.digestColumn).toBe('manifest digest');
    const byName = rows(doc);
    expect(byName['a-broken-example']!.error!.code).toBe('BUILD_FAILED');
    for (const name of BUILDABLE) {
      const row = byName[name]!;
      expect(row, name).toMatchObject({ status: 'ok', version: EXPECTED[name]!.version });
      expect(row.result.package.generatedReadme ?? false, name).toBe(WITHOUT_README.includes(name));
      expect(row.result.package.tags).toEqual([EXPECTED[name]!.version]);
      const index = JSON.parse(readFileSync(join(ws, EXT, name, 'dist', 'oci', 'index.json'), 'utf8'));
      expect(
        index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations['org.opencontainers.image.ref.name']),
      ).toContain(EXPECTED[name]!.version);
    }
    // Zero-config is lenient by default: the missing READMEs are warnings, once per plugin.
    expect(doc.warnings.filter((w) => w.code === 'PACKAGE_README_GENERATED')).toHaveLength(WITHOUT_README.length);
  });

  it('manifest of the auth plugin states its annotated phase and priority, and FAIL_CLOSE', async () => {
    const res = await run(['manifest', `${EXT}/basic-auth`, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const wasmPlugin: string = res.json().wasmPlugin;
    expect(wasmPlugin).toMatch(/phase: AUTHN\b/);
    expect(wasmPlugin).toMatch(/priority: 320\b/);
    expect(wasmPlugin).toMatch(/failStrategy: FAIL_CLOSE\b/);
  });

  it('--version wins for one plugin, and is refused for many', async () => {
    const one = await run(['package', `${EXT}/basic-auth`, '--version', '3.0.0', '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.json()).toMatchObject({ version: '3.0.0', versionSource: '--version', package: { tags: ['3.0.0'] } });
    const human = await run(['package', `${EXT}/cors`]);
    expect(human.stdout).toContain('Packaged cors:2.0.1 (higress; version from git tag wasm-go-cors-v2.0.1)');
    const many = await run(['package', '--all', '--version', '3.0.0', '--json']);
    expect(many.code).toBe(2);
    expect(many.json().error.code).toBe('VERSION_FLAG_WITH_MANY');
  });

  it('publish --all --registry HOST/ns puts each plugin in ns/<name>', async () => {
    const refused = await run(['publish', '--all', '--registry', `${registry.host}/ns`, '--repository', 'one/repo']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('PUBLISH_REPOSITORY_SHARED');
    // The same mistake made in the workspace root config is refused too, before anything is built.
    const rootConfig = readFileSync(join(ws, 'hplugin.config.yaml'), 'utf8');
    writeFileSync(join(ws, 'hplugin.config.yaml'), `${rootConfig}publish:\n  repository: team/plugins\n`);
    try {
      const shared = await run(['publish', '--all', '--continue-on-error', '--registry', registry.host, '--json']);
      expect(shared.code).toBe(2);
      expect(shared.json().error).toMatchObject({ code: 'PUBLISH_REPOSITORY_SHARED' });
      expect(shared.json().error.message).toContain(`would all push to ${registry.host}/team/plugins`);
    } finally {
      writeFileSync(join(ws, 'hplugin.config.yaml'), rootConfig);
    }

    const res = await run(['publish', '--all', '--continue-on-error', '--registry', `${registry.host}/ns`, '--json']);
    const byName = rows(res.json<ManyDoc>());
    const published = BUILDABLE.filter((name) => byName[name]!.status === 'ok');
    expect(published).toEqual(BUILDABLE);
    for (const name of published) {
      const { version } = EXPECTED[name]!;
      expect(byName[name]!.result.url).toBe(`oci://${registry.host}/ns/${name}:${version}`);
      // Asked of skopeo, not of hplugin: the tag exists in ns/<name> and holds the published digest.
      expect(await listTags(registry, `ns/${name}`)).toEqual([version]);
      expect(await registryDigest(registry, `ns/${name}:${version}`)).toBe(byName[name]!.result.digest);
    }
    expect(await listTags(registry, 'ns')).toEqual([]);
  });

  it('--changed-since ignores dist/ and the build cache, though .gitignore lists neither', async () => {
    expect(existsSync(join(ws, EXT, 'basic-auth', 'dist', 'plugin.wasm'))).toBe(true);
    expect(git('status', '--porcelain')).toContain('.cache/');
    const none = await run(['build', '--changed-since', 'HEAD', '--json']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.json().plugins).toEqual([]);
    appendFileSync(join(ws, EXT, 'cors', 'config', 'cors_config.go'), '\n// a change in a sub-package\n');
    const one = await run(['build', '--changed-since', 'HEAD', '--json']);
    expect(one.json<ManyDoc>().plugins.map((p) => p.name)).toEqual(['cors']);
    git('checkout', '--', `${EXT}/cors`);
  });

  it('selects before it resolves: an unversioned or broken plugin fails only itself', async () => {
    const stray = join(ws, EXT, 'zz-unversioned');
    cpSync(join(ws, EXT, 'hello-world'), stray, { recursive: true, filter: (src) => !src.includes('/dist') });
    writeFileSync(join(ws, EXT, 'key-auth', 'hplugin.config.yaml'), 'build:\n  toolchian: go\n');
    try {
      const filtered = await run(['package', '--filter', 'basic-auth', '--json']);
      expect(filtered.code, filtered.stderr).toBe(0);
      expect(filtered.json<ManyDoc>().plugins.map((p) => p.name)).toEqual(['basic-auth']);

      const all = await run(['package', '--all', '--continue-on-error', '--json']);
      const byName = rows(all.json<ManyDoc>());
      expect(byName['zz-unversioned']!.error!.code).toBe('CONFIG_MISSING_VERSION');
      expect(byName['key-auth']!.error!.code).toBe('CONFIG_INVALID');
      expect(byName['basic-auth']!.status).toBe('ok');

      // Without --continue-on-error a broken config stops the run before anything is built.
      const strict = await run(['package', '--all']);
      expect(strict.code).toBe(2);
    } finally {
      rmSync(stray, { recursive: true, force: true });
      rmSync(join(ws, EXT, 'key-auth', 'hplugin.config.yaml'));
    }
  });

  it('a commit outside a plugin leaves its digest alone; a commit to its replace target does not', async () => {
    const digest = async (name: string) => {
      const res = await run(['package', '--filter', name, '--json']);
      expect(res.code, res.stderr).toBe(0);
      const row = res.json<ManyDoc>().plugins[0]!;
      return row.result.package.manifestDigest as string;
    };
    const before = { basic: await digest('basic-auth'), traffic: await digest('traffic-tag') };
    appendFileSync(join(ws, EXT, 'hello-world', 'main.go'), '\n// another plugin changes\n');
    git('commit', '-qam', 'hello-world only');
    expect(await digest('basic-auth')).toBe(before.basic);
    expect(await digest('traffic-tag')).toBe(before.traffic);
    // traffic-tag compiles ../../pkg/common through a replace directive: that is its input too.
    appendFileSync(join(ws, 'plugins/wasm-go/pkg/common/common.go'), '\n// shared helper docs\n');
    git('commit', '-qam', 'shared module');
    const revision = git('rev-parse', 'HEAD');
    expect(await digest('basic-auth')).toBe(before.basic);
    expect(await digest('traffic-tag')).not.toBe(before.traffic);
    const res = await run(['inspect', `${EXT}/traffic-tag/dist/oci:1.0.0`, '--json']);
    expect(res.json().manifest.annotations['org.opencontainers.image.revision']).toBe(revision);
  });

  it('inspect of a layout that does not exist says so, without asking a registry', async () => {
    const res = await run(['inspect', 'dist/oci', '--json']);
    expect(res.code).toBe(2);
    const { error } = res.json();
    expect(error.code).toBe('INSPECT_LAYOUT_NOT_FOUND');
    expect(error.message).toContain(join(ws, 'dist', 'oci'));
    expect(JSON.stringify(error)).not.toMatch(/docker\.io|registry-1/);
    expect((await run(['inspect', './missing:1.0.0', '--json'])).json().error.code).toBe('INSPECT_LAYOUT_NOT_FOUND');
  });

  it('finds the same plugins with no config at all, and not the shared module (go.mod, no main.go)', async () => {
    const rootConfig = join(ws, 'hplugin.config.yaml');
    const text = readFileSync(rootConfig, 'utf8');
    rmSync(rootConfig);
    try {
      const res = await run(['build', '--all', '--filter', 'hello-world', '--json']);
      expect(res.code, res.stderr).toBe(0);
      expect(res.json<ManyDoc>().plugins.map((p) => p.name)).toEqual(['hello-world']);
      const none = await run(['build', '--filter', 'common', '--json']);
      expect(none.json().error.code).toBe('WORKSPACE_FILTER_EMPTY');
      expect(none.json().error.hint).toContain(
        'a-broken-example, basic-auth, cache-control, cors, hello-world, key-auth, request-block, traffic-tag.',
      );
    } finally {
      writeFileSync(rootConfig, text);
    }
  });
});
