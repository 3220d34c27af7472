/**
 * What each command imports. Every command's implementation is loaded lazily by its spec's `run`
 * (packages/cli/src/commands/<command>/), so a command pays only for the packages it uses: the
 * built CLI runs here as a real process under a module-load recorder (test/support/load-recorder,
 * `--import`ed through NODE_OPTIONS), on a real plugin and a real registry, and each invocation
 * asserts what it must NOT load. A new static import that drags the network stack into `inspect`
 * of a local layout, or the build into `login`, fails here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { startForwardProxy } from '../harness/forward-proxy.js';
import { hplugin, type CliOptions, type CliResult } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';

const RECORDER = fileURLToPath(new URL('../support/load-recorder/register.mjs', import.meta.url));

/**
 * The HTTP side of the OCI client (packages/oci/src/http-client.ts, over node:http): loaded on a
 * client's first request, so it marks "this command talked to a registry".
 */
const HTTP_CLIENT = '@hplugin/oci/http-client';
/** Loaded only when a proxy variable is set and applies to the registry (packages/oci/src/proxy.ts). */
const PROXY_LIBS = ['proxy-from-env', 'https-proxy-agent', 'http-proxy-agent', 'agent-base'];
/** The OCI client and the HTTP stack under it. */
const NETWORK = [HTTP_CLIENT, '@hplugin/oci', '@hplugin/publish', '@hplugin/supply-chain'];
/** What `hplugin --help` needs: the CLI, its logger and the rules its option texts quote. */
const HELP_ONLY = ['@hplugin/cli', '@hplugin/core', '@hplugin/rules'];

/**
 * A loaded module's package: `@hplugin/<name>` for the workspace packages (the OCI format module,
 * @hplugin/oci/spec, apart from the client), the npm name for node_modules, nothing for node: builtins.
 */
function packageOf(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const path = fileURLToPath(url);
  const npm = /[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/.exec(path);
  if (npm) return npm[1]!.replace('\\', '/');
  if (/[/\\]packages[/\\]oci[/\\](dist|src)[/\\](spec|spec-entry|manifest-document)\.(js|ts)$/.test(path)) return '@hplugin/oci/spec';
  if (/[/\\]packages[/\\]oci[/\\](dist|src)[/\\]http-client\.(js|ts)$/.test(path)) return HTTP_CLIENT;
  const workspace = /[/\\]packages[/\\]([a-z-]+)[/\\]/.exec(path);
  return workspace ? `@hplugin/${workspace[1]}` : undefined;
}

let fx: PluginFixture;
let plugin: string;
let registry: RegistryHandle;
let runs = 0;

beforeAll(async () => {
  [fx, registry] = await Promise.all([scaffoldPlugin('loads'), startRegistry({ auth: 'htpasswd' })]);
  plugin = await fx.copy();
});

afterAll(async () => {
  await registry?.stop();
  await fx?.cleanup();
});

/** Runs the built CLI under the recorder: its result and the packages it loaded. */
async function recorded(args: string[], options: CliOptions = {}): Promise<{ result: CliResult; loaded: Set<string> }> {
  const log = join(fx.root, `loads-${++runs}.log`);
  const result = await hplugin(args, {
    cwd: plugin,
    ...options,
    env: { ...fx.env, ...options.env, NODE_OPTIONS: `--import=${RECORDER}`, HPLUGIN_LOAD_LOG: log },
  });
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  const loaded = new Set(urls.map(packageOf).filter((p): p is string => p !== undefined));
  // The recorder saw the run at all: the CLI itself is always among what it loaded.
  expect(loaded.has('@hplugin/cli'), `no module recorded for hplugin ${args.join(' ')}`).toBe(true);
  return { result, loaded };
}

function expectNone(loaded: Set<string>, forbidden: string[], what: string): void {
  expect(
    forbidden.filter((p) => loaded.has(p)),
    `${what} loaded ${[...loaded].filter((p) => p.startsWith('@hplugin/') || PROXY_LIBS.includes(p)).join(', ')}`,
  ).toEqual([]);
}

function expectOnlyWorkspace(loaded: Set<string>, allowed: string[], what: string): void {
  expect(
    [...loaded].filter((p) => p.startsWith('@hplugin/') && !allowed.includes(p)),
    `${what} loads more of hplugin than it needs`,
  ).toEqual([]);
}

describe('the help screens load no implementation', () => {
  it.each(['--help', '--version', 'help publish'])('hplugin %s', async (line) => {
    const { result, loaded } = await recorded(line.split(' '));
    expectOk(result, line);
    expectOnlyWorkspace(loaded, HELP_ONLY, line);
  });

  it('hplugin --version loads nothing of hplugin but the CLI entry, and no npm package', async () => {
    // Its start-up budget is 1.5× node's own: main.js answers before dispatch.js (and core) loads.
    const { result, loaded } = await recorded(['--version']);
    expectOk(result, '--version');
    expect([...loaded]).toEqual(['@hplugin/cli']);
  });

  const commands = [
    'new',
    'build',
    'package',
    'publish',
    'test',
    'run',
    'inspect',
    'pull',
    'sign',
    'verify',
    'key',
    'key generate',
    'login',
    'logout',
    'spec',
    'manifest',
    'check',
    'config',
    'config show',
    'config validate',
    'doctor',
    'completion',
  ];
  it.each(commands)('hplugin %s --help', async (command) => {
    const { result, loaded } = await recorded([...command.split(' '), '--help']);
    expectOk(result, `${command} --help`);
    expect(result.stdout).toContain(`hplugin ${command}`);
    expectOnlyWorkspace(loaded, HELP_ONLY, `${command} --help`);
  });
});

describe('each command loads what it uses, not the rest', () => {
  it('new: no build, no registry code', async () => {
    const dir = await fx.tempDir('new');
    const { result, loaded } = await recorded(['new', 'fresh', '--yes', '--no-tidy'], { cwd: dir });
    expectOk(result, 'new');
    expectNone(loaded, [...NETWORK, '@hplugin/build', '@hplugin/pipeline', '@hplugin/artifact', '@hplugin/host'], 'new');
  });

  it('build: no registry code, no packaging', async () => {
    const { result, loaded } = await recorded(['build']);
    expectOk(result, 'build');
    expectNone(loaded, [...NETWORK, '@hplugin/artifact', '@hplugin/host', '@hplugin/scaffold'], 'build');
  });

  it('test and run: the host, no registry code, no packaging', async () => {
    for (const command of [['test'], ['run', '--path', '/']]) {
      const { result, loaded } = await recorded(command);
      expectOk(result, command[0]!);
      expect(loaded.has('@hplugin/host')).toBe(true);
      expectNone(loaded, [...NETWORK, '@hplugin/artifact', '@hplugin/scaffold'], command[0]!);
    }
  });

  it('check, doctor, spec, config, completion: no registry code', async () => {
    const cases: Array<[string[], string[]]> = [
      [
        ['check', 'dist/plugin.wasm'],
        ['@hplugin/pipeline', '@hplugin/artifact', '@hplugin/config'],
      ],
      [['doctor'], ['@hplugin/pipeline', '@hplugin/artifact', '@hplugin/config']],
      [
        ['spec', '--stdout'],
        ['@hplugin/artifact', '@hplugin/host'],
      ],
      [
        ['config', 'show'],
        ['@hplugin/build', '@hplugin/pipeline', '@hplugin/artifact'],
      ],
      [
        ['completion', 'bash'],
        ['@hplugin/config', '@hplugin/build', '@hplugin/pipeline'],
      ],
    ];
    for (const [args, alsoForbidden] of cases) {
      const { result, loaded } = await recorded(args);
      expectOk(result, args.join(' '));
      expectNone(loaded, [...NETWORK, ...alsoForbidden], args.join(' '));
    }
  });

  it('package writes the layout without the registry client; inspect and manifest of it load no network code', async () => {
    const packaged = await recorded(['package']);
    expectOk(packaged.result, 'package');
    expectNone(packaged.loaded, [HTTP_CLIENT, '@hplugin/publish', '@hplugin/host', '@hplugin/scaffold'], 'package');

    const inspected = await recorded(['inspect', 'dist/oci']);
    expectOk(inspected.result, 'inspect dist/oci');
    expect(inspected.result.stdout).toContain('gateway');
    // Only the OCI format (media types, digests), not the client: @hplugin/oci/spec is allowed.
    expectNone(inspected.loaded, [...NETWORK, '@hplugin/pipeline', '@hplugin/build', '@hplugin/config'], 'inspect dist/oci');

    const manifest = await recorded(['manifest']);
    expectOk(manifest.result, 'manifest');
    expectNone(manifest.loaded, [HTTP_CLIENT, '@hplugin/publish', '@hplugin/supply-chain', '@hplugin/host'], 'manifest (a local folder)');
  });

  it('package of unchanged content locks, archives and scans nothing: no proper-lockfile, no fflate', async () => {
    const fresh = await fx.copy();
    const first = await recorded(['package'], { cwd: fresh });
    expectOk(first.result, 'package (first)');
    // The first one writes index.json under its lock and makes the archive.
    expect(first.loaded.has('proper-lockfile')).toBe(true);
    expect(first.loaded.has('tar')).toBe(true);
    // The second finds index.json as it wants it: no lock. Its blobs were written too close to the
    // first one's check for their stat to vouch for them (the stat index's racy rule), so it checks
    // them again, reading the archive as the gateway does (fflate), and the third trusts that check.
    const second = await recorded(['package'], { cwd: fresh });
    expectOk(second.result, 'package (unchanged)');
    expectNone(second.loaded, ['proper-lockfile'], 'package of unchanged content');
    const third = await recorded(['package'], { cwd: fresh });
    expectOk(third.result, 'package (unchanged, checked before)');
    // The kept archive's first header is still read (node-tar); the archive itself is not.
    expectNone(third.loaded, ['proper-lockfile', 'fflate'], 'package of unchanged content checked before');
  });

  it('login and logout: the registry client, no build, no packaging', async () => {
    const login = await recorded(['login', registry.host, '-u', registry.username!, '--password-stdin', '--ca-file', registry.caFile!], {
      input: registry.password!,
    });
    expectOk(login.result, 'login');
    // The recorder sees lazily loaded modules too: login is the one that really talks HTTP.
    expect(login.loaded.has(HTTP_CLIENT)).toBe(true);
    // No proxy variable is set for these runs: the proxy libraries stay unloaded.
    expectNone(login.loaded, PROXY_LIBS, 'login without a proxy');
    const logout = await recorded(['logout', registry.host]);
    expectOk(logout.result, 'logout');
    for (const [what, loaded] of [
      ['login', login.loaded],
      ['logout', logout.loaded],
    ] as const) {
      expectNone(
        loaded,
        [
          '@hplugin/build',
          '@hplugin/artifact',
          '@hplugin/pipeline',
          '@hplugin/publish',
          '@hplugin/host',
          '@hplugin/scaffold',
          '@hplugin/supply-chain',
        ],
        what,
      );
    }
    expectNone(logout.loaded, [HTTP_CLIENT], 'logout');
  });

  it('login through HTTPS_PROXY loads the proxy libraries; with NO_PROXY covering the registry, not the agents', async () => {
    const proxy = await startForwardProxy();
    try {
      const login = (env: NodeJS.ProcessEnv) =>
        recorded(['login', registry.host, '-u', registry.username!, '--password-stdin', '--ca-file', registry.caFile!], {
          input: registry.password!,
          env,
        });
      // Through the tunnel, with the private CA: the TLS options reach the tunnelled session.
      const proxied = await login({ HTTPS_PROXY: proxy.url });
      expectOk(proxied.result, 'login through a proxy');
      expect(proxy.seen).toEqual([`CONNECT ${registry.host}`]);
      expect(PROXY_LIBS.filter((p) => proxied.loaded.has(p))).toEqual(PROXY_LIBS.filter((p) => p !== 'http-proxy-agent'));

      const bypassed = await login({ HTTPS_PROXY: proxy.url, NO_PROXY: registry.host.replace(/:\d+$/, '') });
      expectOk(bypassed.result, 'login past the proxy');
      expect(proxy.seen).toHaveLength(1);
      expect(bypassed.loaded.has('proxy-from-env')).toBe(true);
      expectNone(bypassed.loaded, ['https-proxy-agent', 'http-proxy-agent', 'agent-base'], 'login with NO_PROXY');
    } finally {
      proxy.close();
    }
  });
});
