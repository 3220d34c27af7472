/**
 * The bad-input catalogue: every case spawns the built CLI and checks the exact exit code, the
 * error code, a message and no stack trace (stack traces only with --verbose), and that nothing
 * was half-written where the command would have written. Cases: configs and arguments, references,
 * templates, broken modules (`hplugin check`), hostile artifacts on pull (pushed with the OCI
 * library), huge and unreadable files, a registry that answers nonsense, and token realms on
 * another scheme or host.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { createTlsFiles } from '../harness/pki.js';
import { hplugin, type CliResult } from '../support/cli.js';
import { pluginTar, pushEvil, readme, WASM } from './support/evil-artifacts.js';
import { zeroBombTarGz } from '../support/hostile-tar.js';
import { startFakeRegistry, type FakeRegistry } from './support/fake-registry.js';
import { expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { runCliAs } from './support/spawn.js';
import { commandModule } from './support/wasm-modules.js';

interface Ctx {
  root: string;
  env: NodeJS.ProcessEnv;
  plugin: string;
  plain: string;
  files: string;
  registry: RegistryHandle;
  fake: FakeRegistry;
  fakeTls: FakeRegistry;
  caFile: string;
}

interface Case {
  name: string;
  args: (c: Ctx) => string[];
  cwd?: (c: Ctx) => string;
  /** 'error': error[CODE] on stderr. 'finding': a check result naming [CODE] on stdout. */
  kind?: 'error' | 'finding';
  exit: 1 | 2;
  code: string;
  message?: RegExp;
  /** Folders that must be absent or empty afterwards. */
  untouched?: (c: Ctx) => string[];
  /** The folder a pull stages in: no dot-entry may be left in it. */
  staging?: (c: Ctx) => string;
  /** Run as this uid instead of root. */
  uid?: number;
}

const long = (n: number) => 'a'.repeat(n);
// Each pull writes into out/<case>/files; the pull stages next to it, in out/<case>.
const out = (name: string) => (c: Ctx) => join(c.root, 'out', name, 'files');
const pull = (name: string, ref: (c: Ctx) => string, extra: string[] = []): Pick<Case, 'args' | 'untouched' | 'staging'> => ({
  args: (c) => ['pull', ref(c), '-o', out(name)(c), ...extra],
  untouched: (c) => [out(name)(c)],
  staging: (c) => join(c.root, 'out', name),
});

const CASES: Case[] = [
  // Configs and arguments
  { name: 'unknown command', args: () => ['biuld'], exit: 2, code: 'USAGE' },
  { name: 'unknown flag', args: () => ['build', '--frobnicate'], exit: 2, code: 'USAGE', message: /frobnicate/ },
  { name: 'missing argument', args: () => ['pull'], exit: 2, code: 'USAGE' },
  {
    name: 'malformed YAML config',
    args: () => ['build'],
    cwd: (c) => configDir(c, 'yaml', 'build:\n  tags: [a\n'),
    exit: 2,
    code: 'CONFIG_SYNTAX',
    message: /hplugin\.config\.yaml:\d+:\d+/,
  },
  {
    name: 'malformed JSON config',
    args: () => ['package'],
    cwd: (c) => configDir(c, 'json', '{"name": "x",}', 'hplugin.config.json'),
    exit: 2,
    code: 'CONFIG_SYNTAX',
  },
  {
    name: 'unknown config key',
    args: () => ['publish'],
    cwd: (c) => configDir(c, 'key', 'biuld: {}\n'),
    exit: 2,
    code: 'CONFIG_INVALID',
    message: /did you mean "build"/,
  },
  {
    name: 'config value of the wrong type',
    args: () => ['build'],
    cwd: (c) => configDir(c, 'type', 'build:\n  tags: go\n'),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'unknown toolchain in config',
    args: () => ['build'],
    cwd: (c) => configDir(c, 'toolchain', 'build:\n  toolchain: rustc\n'),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'login without a password and no terminal',
    args: (c) => ['login', c.registry.host, '-u', 'someone'],
    exit: 2,
    code: 'LOGIN_CREDENTIALS_MISSING',
  },
  // References
  {
    name: 'uppercase repository',
    ...pull('upper', () => '127.0.0.1:1/Plugins/x:1.0.0'),
    exit: 2,
    code: 'REF_INVALID',
    message: /uppercase/,
  },
  {
    name: 'tag of 129 characters',
    ...pull('longtag', () => `127.0.0.1:1/x:${long(129)}`),
    exit: 2,
    code: 'REF_INVALID',
    message: /129 characters/,
  },
  { name: 'tag with a bad character', ...pull('badtag', () => '127.0.0.1:1/x:1.0.0!'), exit: 2, code: 'REF_INVALID' },
  { name: 'short digest', ...pull('shortdigest', () => '127.0.0.1:1/x@sha256:abc'), exit: 2, code: 'REF_INVALID', message: /not a digest/ },
  {
    name: 'unknown digest algorithm',
    ...pull('md5', () => '127.0.0.1:1/x@md5:d41d8cd98f00b204e9800998ecf8427e'),
    exit: 2,
    code: 'REF_INVALID',
  },
  { name: 'reference with a URL scheme', ...pull('scheme', () => 'https://127.0.0.1:1/x:1'), exit: 2, code: 'REF_INVALID' },
  { name: 'doubled slash in the repository', args: () => ['inspect', '127.0.0.1:1/a//b:1'], exit: 2, code: 'REF_INVALID' },
  {
    name: 'publish to an uppercase repository',
    args: (c) => ['publish', '--registry', c.registry.host, '--repository', 'Plugins/X'],
    cwd: (c) => c.plugin,
    exit: 2,
    code: 'REF_INVALID',
  },
  {
    name: 'publish with a 129-character tag',
    args: (c) => ['publish', '--registry', c.registry.host, '--tag', long(129)],
    cwd: (c) => c.plugin,
    exit: 2,
    code: 'REF_INVALID',
  },
  // Templates
  {
    name: 'template name that is not kebab-case',
    args: () => ['new', 'Bad_Name', '--yes'],
    cwd: (c) => c.plain,
    exit: 2,
    code: 'SCAFFOLD_INVALID_VALUE',
    untouched: (c) => [join(c.plain, 'Bad_Name')],
  },
  {
    name: 'template name with traversal',
    args: () => ['new', '../escaped', '--yes'],
    cwd: (c) => c.plain,
    exit: 2,
    code: 'SCAFFOLD_INVALID_VALUE',
    untouched: (c) => [join(c.root, 'escaped')],
  },
  {
    name: 'unknown template',
    args: () => ['new', 'x', '--template', 'nope', '--yes'],
    cwd: (c) => c.plain,
    exit: 2,
    code: 'SCAFFOLD_TEMPLATE_NOT_FOUND',
    untouched: (c) => [join(c.plain, 'x')],
  },
  {
    name: 'template path traversal to a non-template',
    args: () => ['new', 'y', '--template', '../../../../../../etc', '--yes'],
    cwd: (c) => c.plain,
    exit: 2,
    code: 'SCAFFOLD_TEMPLATE_INVALID',
    untouched: (c) => [join(c.plain, 'y')],
  },
  {
    name: 'new into a non-empty folder',
    args: () => ['new', 'occupied', '--yes'],
    cwd: (c) => c.plain,
    exit: 2,
    code: 'SCAFFOLD_TARGET_NOT_EMPTY',
  },
  // Broken modules
  { name: 'random bytes as wasm', kind: 'finding', args: (c) => ['check', join(c.files, 'random.wasm')], exit: 1, code: 'WASM_INVALID' },
  {
    name: 'truncated wasm',
    kind: 'finding',
    args: (c) => ['check', join(c.files, 'truncated.wasm')],
    exit: 1,
    code: 'WASM_INVALID',
    message: /truncated/,
  },
  { name: 'empty wasm', kind: 'finding', args: (c) => ['check', join(c.files, 'empty.wasm')], exit: 1, code: 'WASM_INVALID' },
  {
    name: 'a WASI command module',
    kind: 'finding',
    args: (c) => ['check', join(c.files, 'command.wasm')],
    exit: 1,
    code: 'WASM_NOT_PROXY_WASM',
    message: /not a proxy-wasm plugin/,
  },
  // Huge and unreadable files
  {
    name: 'sparse 300 MiB file as wasm',
    kind: 'finding',
    args: (c) => ['check', join(c.files, 'huge.wasm')],
    exit: 1,
    code: 'WASM_TOO_LARGE',
    message: /300 MiB/,
  },
  { name: 'a folder as wasm', args: (c) => ['check', c.files], exit: 2, code: 'CHECK_FILE_UNREADABLE' },
  { name: 'a symlink loop as wasm', args: (c) => ['check', join(c.files, 'loop.wasm')], exit: 2, code: 'CHECK_FILE_UNREADABLE' },
  {
    name: 'a mode-000 file read by a non-root user',
    uid: 65534,
    args: (c) => ['check', join(c.files, 'secret.wasm')],
    exit: 2,
    code: 'CHECK_FILE_UNREADABLE',
    message: /EACCES|permission denied/i,
  },
  // Hostile artifacts on pull (pushed to the real registry with the OCI library)
  {
    name: 'tar entry with ../',
    ...pull('dotdot', (c) => `${c.registry.host}/evil/dotdot:1.0.0`),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
    message: /outside the archive/,
  },
  {
    name: 'tar entry with an absolute path',
    ...pull('absolute', (c) => `${c.registry.host}/evil/absolute:1.0.0`),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
  },
  // The gateway rejects this one (its first plugin.wasm is a link: no bytes), so pull stops before extracting;
  // forced past that verdict, the extraction itself still refuses the link.
  {
    name: 'tar with a symlink',
    ...pull('symlink', (c) => `${c.registry.host}/evil/symlink:1.0.0`),
    exit: 1,
    code: 'PULL_GATEWAY_WOULD_REJECT',
    message: /SymbolicLink/,
  },
  {
    name: 'tar with a symlink, --force',
    ...pull('symlink-forced', (c) => `${c.registry.host}/evil/symlink:1.0.0`, ['--force']),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
    message: /SymbolicLink/,
  },
  {
    name: 'tar with a hard link',
    ...pull('hardlink', (c) => `${c.registry.host}/evil/hardlink:1.0.0`),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
  },
  {
    name: 'docs first, then a tar with ../',
    ...pull('docs-then-dotdot', (c) => `${c.registry.host}/evil/docs-then-dotdot:1.0.0`),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
  },
  {
    name: 'layer title that is a path',
    ...pull('title', (c) => `${c.registry.host}/evil/title:1.0.0`),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
    message: /not a plain file name/,
  },
  // A registry answering nonsense
  // Issue 17: what a registry may not decide
  {
    name: 'plugin.tar.gz that expands past 256 MiB (the gateway reads 256 MiB: plugin.wasm cut short)',
    ...pull('bomb', (c) => `${c.registry.host}/evil/bomb:1.0.0`),
    exit: 1,
    code: 'PULL_GATEWAY_WOULD_REJECT',
    message: /cut short/,
  },
  {
    name: 'plugin.tar.gz that expands past 256 MiB, forced past the verdict',
    ...pull('bomb-forced', (c) => `${c.registry.host}/evil/bomb:1.0.0`, ['--force']),
    exit: 1,
    code: 'PULL_ARTIFACT_TOO_LARGE',
  },
  {
    name: 'two layers that would both be README.md',
    ...pull('dupe', (c) => `${c.registry.host}/evil/dupe:1.0.0`),
    exit: 1,
    code: 'PULL_UNSAFE_ARTIFACT',
    message: /Two layers/,
  },
  {
    name: 'pull into a folder holding a plugin',
    args: (c) => ['pull', `${c.registry.host}/evil/dupe:1.0.0`, '-o', c.plugin],
    exit: 2,
    code: 'PULL_TARGET_NOT_EMPTY',
    message: /--force|new or empty/,
  },
  { name: 'registry port 99999', ...pull('port', () => '127.0.0.1:99999/x:1'), exit: 2, code: 'REF_INVALID', message: /port 99999/ },
  {
    name: 'registry answers a layer digest that is a path',
    ...pull('path-digest', (c) => `${c.fake.host}/path-digest:1`),
    exit: 1,
    code: 'REGISTRY_MANIFEST_MALFORMED',
  },
  {
    name: 'registry cuts the manifest short',
    ...pull('cut-short', (c) => `${c.fake.host}/cut-short:1`),
    exit: 1,
    code: 'REGISTRY_RESPONSE_TRUNCATED',
  },
  {
    name: 'registry answers an HTML page',
    ...pull('html', (c) => `${c.fake.host}/html-page:1`),
    exit: 1,
    code: 'REGISTRY_BAD_RESPONSE',
    message: /HTML/,
  },
  {
    name: 'registry answers an HTML error page',
    ...pull('html-error', (c) => `${c.fake.host}/html-error:1`, ['-v']),
    exit: 1,
    code: 'REGISTRY_SERVER_ERROR',
  },
  {
    name: 'registry answers malformed JSON',
    ...pull('malformed', (c) => `${c.fake.host}/malformed-json:1`),
    exit: 1,
    code: 'REGISTRY_BAD_RESPONSE',
  },
  {
    name: 'registry answers a wrong manifest digest',
    ...pull('wrong-digest', (c) => `${c.fake.host}/wrong-digest:1`),
    exit: 1,
    code: 'REGISTRY_DIGEST_MISMATCH',
  },
  {
    name: 'registry answers a wrong content type (text/plain manifest, a layer that is not gzip)',
    ...pull('wrong-type', (c) => `${c.fake.host}/wrong-content-type:1`),
    exit: 1,
    code: 'PULL_GATEWAY_WOULD_REJECT',
    message: /not readable gzip data/,
  },
  {
    name: 'the same, --force',
    ...pull('wrong-type-forced', (c) => `${c.fake.host}/wrong-content-type:1`, ['--force']),
    exit: 1,
    code: 'PULL_ARTIFACT_INVALID',
    message: /not a readable tar\.gz/,
  },
  {
    name: 'registry serves a blob that does not match its digest',
    ...pull('bad-blob', (c) => `${c.fake.host}/bad-blob:1`),
    exit: 1,
    code: 'REGISTRY_DIGEST_MISMATCH',
  },
  // Token realms
  {
    name: 'https registry with a plain-http token realm',
    ...pull('realm-scheme', (c) => `${c.fakeTls.host}/realm-other-scheme:1`, ['--ca-file', 'CA']),
    exit: 1,
    code: 'REGISTRY_INSECURE_REALM',
  },
  {
    name: 'token realm with a non-http scheme',
    ...pull('realm-ftp', (c) => `${c.fake.host}/realm-other-scheme:1`),
    exit: 1,
    code: 'REGISTRY_BAD_RESPONSE',
    message: /not an http\(s\) URL/,
  },
  {
    name: 'token realm on another host that does not answer',
    ...pull('realm-host', (c) => `${c.fake.host}/realm-other-host:1`),
    exit: 1,
    code: 'REGISTRY_UNREACHABLE',
    message: /127\.0\.0\.2/,
  },
];

function configDir(c: Ctx, name: string, text: string, file = 'hplugin.config.yaml'): string {
  const dir = join(c.root, 'configs', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.go'), 'package main\nfunc main() {}\n');
  writeFileSync(join(dir, 'go.mod'), 'module x\n\ngo 1.24\n');
  writeFileSync(join(dir, 'VERSION'), '1.0.0\n');
  writeFileSync(join(dir, file), text);
  return dir;
}

const ctx = {} as Ctx;

beforeAll(async () => {
  ctx.root = tempDir('bad-input');
  ctx.env = isolatedEnv(ctx.root);
  ctx.plain = join(ctx.root, 'plain');
  ctx.files = join(ctx.root, 'files');
  mkdirSync(join(ctx.plain, 'occupied'), { recursive: true });
  writeFileSync(join(ctx.plain, 'occupied', 'keep.txt'), 'mine\n');
  mkdirSync(ctx.files, { recursive: true });
  ctx.plugin = await scaffoldPlugin(ctx.root, 'victim', ctx.env);
  expectOk(await hplugin(['build'], { cwd: ctx.plugin, env: ctx.env }), 'build');
  const real = readFileSync(join(ctx.plugin, 'dist', 'plugin.wasm'));
  writeFileSync(join(ctx.files, 'random.wasm'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(join(ctx.files, 'truncated.wasm'), real.subarray(0, Math.floor(real.length / 2)));
  writeFileSync(join(ctx.files, 'empty.wasm'), '');
  writeFileSync(join(ctx.files, 'command.wasm'), commandModule());
  writeFileSync(join(ctx.files, 'huge.wasm'), WASM);
  truncateSync(join(ctx.files, 'huge.wasm'), 300 * 1024 * 1024); // sparse: no disk, no time
  symlinkSync('loop.wasm', join(ctx.files, 'loop.wasm'));
  writeFileSync(join(ctx.files, 'secret.wasm'), real.subarray(0, 64));
  chmodSync(join(ctx.files, 'secret.wasm'), 0o000);

  ctx.registry = await startRegistry({});
  const wasm = { name: 'plugin.wasm', content: real.subarray(0, 64) };
  await pushEvil(ctx.registry.host, 'evil/dotdot', [pluginTar([{ name: '../plugin.wasm', content: WASM }])]);
  await pushEvil(ctx.registry.host, 'evil/absolute', [pluginTar([{ name: '/tmp/plugin.wasm', content: WASM }])]);
  await pushEvil(ctx.registry.host, 'evil/symlink', [pluginTar([{ name: 'plugin.wasm', type: 'symlink', linkTarget: '/etc/passwd' }])]);
  await pushEvil(ctx.registry.host, 'evil/hardlink', [
    pluginTar([wasm, { name: 'other.wasm', type: 'hardlink', linkTarget: '/etc/passwd' }]),
  ]);
  await pushEvil(ctx.registry.host, 'evil/docs-then-dotdot', [readme, pluginTar([wasm, { name: '../../escaped.txt', content: 'x' }])]);
  await pushEvil(ctx.registry.host, 'evil/title', [{ ...readme, title: '../../README.md' }, pluginTar([wasm])]);
  await pushEvil(ctx.registry.host, 'evil/bomb', [
    readme,
    { title: 'plugin.tar.gz', content: await zeroBombTarGz('plugin.wasm', 257 * 1024 * 1024) },
  ]);
  await pushEvil(ctx.registry.host, 'evil/dupe', [readme, readme, pluginTar([wasm])]);

  ctx.fake = await startFakeRegistry();
  const tls = await createTlsFiles(join(ctx.root, 'tls'));
  ctx.caFile = tls.caFile;
  ctx.fakeTls = await startFakeRegistry(tls);
});

afterAll(async () => {
  await ctx.fake?.stop();
  await ctx.fakeTls?.stop();
  await ctx.registry?.stop();
  removeTempDirs();
});

const tried: string[] = [];

function expectCleanError(res: CliResult, c: Case): void {
  const all = `${res.stdout}\n${res.stderr}`;
  expect(res.code, all).toBe(c.exit);
  if (c.kind === 'finding') {
    expect(res.stdout).toContain(`[${c.code}]`);
    if (c.message) expect(res.stdout).toMatch(c.message);
  } else {
    expect(res.stderr).toMatch(new RegExp(`error\\[${c.code}\\]: \\S.{10,}`));
    expect(res.stderr).toContain('hint: ');
    if (c.message) expect(res.stderr).toMatch(c.message);
  }
  // Stack traces only with --verbose.
  if (!c.args(ctx).includes('-v')) expect(all).not.toMatch(/\n\s+at \S+ \(|node:internal|file:\/\//);
}

describe('bad-input catalogue (built CLI)', () => {
  it.concurrent.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const args = c.args(ctx).map((a) => (a === 'CA' ? ctx.caFile : a));
    const options = { cwd: c.cwd?.(ctx) ?? ctx.root, env: ctx.env };
    const res = c.uid === undefined ? await hplugin(args, options) : await runCliAs(c.uid, args, options);
    expectCleanError(res, c);
    for (const dir of c.untouched?.(ctx) ?? []) expect(existsSync(dir) ? readdirSync(dir) : [], `${dir} was written to`).toEqual([]);
    // A pull stages its downloads next to the target; none may be left behind.
    const staging = c.staging?.(ctx);
    if (staging && existsSync(staging)) expect(readdirSync(staging).filter((n) => n.startsWith('.'))).toEqual([]);
    tried.push(c.name);
  });

  it('counts the catalogue, and shows a stack trace only when --verbose asks', async () => {
    const verbose = await hplugin(['pull', '127.0.0.1:1/Plugins/x:1', '--verbose'], { cwd: ctx.root, env: ctx.env });
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    expect(readFileSync(join(ctx.plain, 'occupied', 'keep.txt'), 'utf8')).toBe('mine\n');
    console.log(`[reliability] bad inputs tried: ${CASES.length}`);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });
});
