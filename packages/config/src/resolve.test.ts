import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isHpluginError, type HpluginError } from '@hplugin/core';
import { resolvePluginConfig } from '@hplugin/config';
import { jsonSchemaDocument } from './schema.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hplugin-config-'));
  mkdirSync(join(root, '.git')); // stop the upward search here
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function failure(cwd: string): Promise<HpluginError> {
  try {
    await resolvePluginConfig({ cwd });
  } catch (err) {
    if (isHpluginError(err)) return err;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('zero-config Higress folder', () => {
  it('takes the name from the folder, the version from VERSION and the docs by convention', async () => {
    const root = tree({
      'request-block/main.go': 'package main',
      'request-block/go.mod': 'module x',
      'request-block/VERSION': '1.2.3\n',
      'request-block/README.md': '# rb',
      'request-block/README_EN.md': '# rb',
      'request-block/spec.yaml': 'apiVersion: 1.0.0',
    });
    const cfg = await resolvePluginConfig({ cwd: join(root, 'request-block') });
    expect(cfg.name).toBe('request-block');
    expect(cfg.version).toBe('1.2.3');
    expect(cfg.package.readme).toBe(join(root, 'request-block/README.md'));
    expect(cfg.package.readmes).toEqual({ en: join(root, 'request-block/README_EN.md') });
    expect(cfg.package.spec).toBe(join(root, 'request-block/spec.yaml'));
    expect(cfg.publish).toMatchObject({ repository: 'plugins/request-block', tags: ['1.2.3'], plainHttp: false });
    expect(cfg.build).toMatchObject({ toolchain: 'go', main: '.', output: join(root, 'request-block/dist/plugin.wasm') });
    expect(cfg.sources).toMatchObject({ name: 'the folder name', version: 'VERSION', 'build.toolchain': 'default' });
  });
});

describe('config files', () => {
  it('merges a workspace config under the plugin config and records sources', async () => {
    const root = tree({
      'hplugin.config.yaml':
        'workspace:\n  plugins: ["plugins/*"]\npublish:\n  registry: localhost:5000\n  tags: ["{version}", latest]\nbuild:\n  tags: [ws]\n',
      'plugins/a/hplugin.config.yaml': 'version: 0.3.0\nbuild:\n  tags: [mine]\n',
    });
    const cfg = await resolvePluginConfig({ cwd: join(root, 'plugins/a') });
    expect(cfg.workspaceRoot).toBe(root);
    expect(cfg.publish.registry).toBe('localhost:5000');
    expect(cfg.publish.tags).toEqual(['0.3.0', 'latest']);
    expect(cfg.build.tags).toEqual(['mine']);
    expect(cfg.sources['publish.registry']).toBe(join(root, 'hplugin.config.yaml'));
    expect(cfg.sources['build.tags']).toBe(join(root, 'plugins/a/hplugin.config.yaml'));
  });

  it('reads JSON, .hpluginrc and an "hplugin" key in package.json', async () => {
    const json = tree({ 'p/hplugin.config.json': '{"name":"p-json","version":"1.0.0"}' });
    expect((await resolvePluginConfig({ cwd: join(json, 'p') })).name).toBe('p-json');
    const rc = tree({ 'p/.hpluginrc': 'name: p-rc\nversion: 1.0.0\n' });
    expect((await resolvePluginConfig({ cwd: join(rc, 'p') })).name).toBe('p-rc');
    const pkg = tree({ 'p/package.json': '{"name":"x","hplugin":{"name":"p-pkg","version":"2.0.0"}}' });
    expect((await resolvePluginConfig({ cwd: join(pkg, 'p') })).version).toBe('2.0.0');
    const js = tree({ 'p/hplugin.config.mjs': 'export default { name: "p-js", version: "1.0.0" }' });
    expect((await resolvePluginConfig({ cwd: join(js, 'p') })).name).toBe('p-js');
  });

  it("keeps cosmiconfig's rules for text configs: an empty file is an empty config, $import merges a file in", async () => {
    const empty = tree({ 'p/hplugin.config.yaml': '\n', 'p/VERSION': '1.2.3\n' });
    expect((await resolvePluginConfig({ cwd: join(empty, 'p') })).version).toBe('1.2.3');
    const imported = tree({
      'p/hplugin.config.yaml': '$import: ./base.yaml\nname: p-own\n',
      'p/base.yaml': 'name: p-base\nversion: 4.0.0\n',
    });
    const cfg = await resolvePluginConfig({ cwd: join(imported, 'p') });
    expect([cfg.name, cfg.version]).toEqual(['p-own', '4.0.0']);
    const pkgImport = tree({
      'p/package.json': '{"hplugin":{"$import":"./base.json","name":"p-pkg"}}',
      'p/base.json': '{"version":"5.0.0"}',
    });
    const fromPkg = await resolvePluginConfig({ cwd: join(pkgImport, 'p') });
    expect([fromPkg.name, fromPkg.version]).toEqual(['p-pkg', '5.0.0']);
  });
});

describe('bad input exits 2 with the file and the key', () => {
  it('malformed YAML names file:line:col', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'name: p\nbuild:\n  tags: [a\n' });
    const err = await failure(join(root, 'p'));
    expect(err.code).toBe('CONFIG_SYNTAX');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/hplugin\.config\.yaml:\d+:\d+: the file is not valid YAML/);
  });

  it('malformed JSON names file:line:col', async () => {
    const root = tree({ 'p/hplugin.config.json': '{\n  "name": "p",\n  "version": 1.0.0\n}' });
    const err = await failure(join(root, 'p'));
    expect(err.code).toBe('CONFIG_SYNTAX');
    expect(err.message).toMatch(/hplugin\.config\.json:3:\d+: the file is not valid JSON/);
  });

  it('an unknown key gets a did-you-mean and its line', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: 1.0.0\nbuild:\n  toolchian: go\n' });
    const err = await failure(join(root, 'p'));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('hplugin.config.yaml:3:3: build.toolchian: unknown key "toolchian": did you mean "toolchain"?');
  });

  it('a wrong type says what was expected and found', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: 1.0.0\nmetadata:\n  priority: high\n' });
    const err = await failure(join(root, 'p'));
    expect(err.message).toContain('hplugin.config.yaml:3:13: metadata.priority: expected integer, found "high"');
  });

  it('an enum violation lists the allowed values', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: 1.0.0\nmetadata:\n  phase: AUTH\n' });
    const err = await failure(join(root, 'p'));
    expect(err.message).toContain('metadata.phase: expected one of UNSPECIFIED_PHASE, AUTHN, AUTHZ, STATS, found "AUTH"');
  });

  it('an invalid name in a file, or from the folder, is refused', async () => {
    const inFile = tree({ 'p/hplugin.config.yaml': 'name: My_Plugin\nversion: 1.0.0\n' });
    expect((await failure(join(inFile, 'p'))).message).toContain('name: expected a lowercase kebab-case name');
    const folder = tree({ 'My_Plugin/VERSION': '1.0.0' });
    const err = await failure(join(folder, 'My_Plugin'));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('"My_Plugin" (from the folder name)');
  });

  it('a version that is not semver is refused, from a file or from VERSION', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: v1\n' });
    expect((await failure(join(root, 'p'))).message).toContain('version: expected a semantic version such as 1.0.0, found "v1"');
    const fromFile = tree({ 'p/VERSION': 'latest\n' });
    expect((await failure(join(fromFile, 'p'))).hint).toBe('Fix the VERSION file.');
  });

  it('no config and no VERSION file is CONFIG_MISSING_VERSION', async () => {
    const root = tree({ 'p/main.go': 'package main' });
    const err = await failure(join(root, 'p'));
    expect(err.code).toBe('CONFIG_MISSING_VERSION');
    expect(err.exitCode).toBe(2);
  });

  it('two config files in one folder conflict', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: 1.0.0', 'p/.hpluginrc.json': '{}' });
    const err = await failure(join(root, 'p'));
    expect(err.code).toBe('CONFIG_CONFLICT');
    expect(err.message).toContain('.hpluginrc.json, hplugin.config.yaml');
  });

  it('a tag that is not a valid OCI tag is refused', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: 1.0.0+build.5\n' });
    expect((await failure(join(root, 'p'))).message).toContain('"1.0.0+build.5" is not a valid OCI tag');
  });
});

describe('plugin.config.schema.json', () => {
  it('is exactly what the TypeBox source generates, at the root and in the package (run `npm run schema`)', () => {
    for (const file of ['../../../plugin.config.schema.json', '../schema/plugin.config.schema.json']) {
      const committed = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
      expect(committed).toEqual(jsonSchemaDocument());
    }
  });
});

describe('files named in the config', () => {
  it('must exist, and the error names the key and the config file', async () => {
    const root = tree({ 'p/hplugin.config.yaml': 'version: 1.0.0\npackage:\n  spec: spec.yaml\n' });
    const err = await failure(join(root, 'p'));
    expect(err.code).toBe('CONFIG_FILE_MISSING');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`package.spec in ${join(root, 'p/hplugin.config.yaml')} names spec.yaml`);
  });
});

describe('schema/validate-config.mjs', () => {
  it('is the ajv standalone code of the current schema (run `npm run schema`)', async () => {
    const { validatorSource } = await import('./validator-source.js');
    expect(readFileSync(new URL('../schema/validate-config.mjs', import.meta.url), 'utf8')).toBe(validatorSource());
  });
});

describe('version precedence', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe' });
  function repo(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'hplugin-version-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'one');
    return root;
  }

  it('takes the newest wasm-go-<name>-vX.Y.Z tag reachable from HEAD when nothing else says', async () => {
    const root = repo({ 'ext/hello/main.go': 'package main', 'ext/key/main.go': 'package main' });
    for (const tag of ['wasm-go-hello-v1.2.0', 'wasm-go-hello-v1.10.0', 'wasm-go-hello-v1.9.3', 'wasm-go-key-auth-v3.0.0'])
      git(root, 'tag', tag);
    git(root, 'commit', '--allow-empty', '-qm', 'two');
    git(root, 'tag', 'wasm-go-hello-v2.0.0', 'HEAD');
    git(root, 'checkout', '-q', 'HEAD~1');
    const hello = await resolvePluginConfig({ cwd: join(root, 'ext/hello') });
    expect([hello.version, hello.sources.version]).toEqual(['1.10.0', 'git tag wasm-go-hello-v1.10.0']);
    // wasm-go-key-auth-v3.0.0 is not a release of "key".
    expect((await failure(join(root, 'ext/key'))).code).toBe('CONFIG_MISSING_VERSION');
  });

  it('ranks --version, then the plugin config, then VERSION, then the tag', async () => {
    const root = repo({ 'p/main.go': 'package main', 'p/VERSION': '1.0.0\n' });
    git(root, 'tag', 'wasm-go-p-v9.0.0');
    expect((await resolvePluginConfig({ cwd: join(root, 'p') })).sources.version).toBe('VERSION');
    writeFileSync(join(root, 'p/hplugin.config.yaml'), 'version: 2.0.0\n');
    expect((await resolvePluginConfig({ cwd: join(root, 'p') })).version).toBe('2.0.0');
    const flagged = await resolvePluginConfig({ cwd: join(root, 'p'), version: '3.0.0' });
    expect([flagged.version, flagged.sources.version, flagged.publish.tags]).toEqual(['3.0.0', '--version', ['3.0.0']]);
  });

  it('refuses a version in a workspace root config instead of stamping it on every plugin', async () => {
    const root = tree({
      'hplugin.config.yaml': 'workspace:\n  plugins: ["plugins/*"]\nversion: 9.9.9\n',
      'plugins/a/VERSION': '1.0.0\n',
      'plugins/a/main.go': 'package main',
    });
    const err = await failure(join(root, 'plugins/a'));
    expect(err.code).toBe('CONFIG_WORKSPACE_VERSION');
    expect(err.hint).toMatch(/VERSION file/);
    // A root config in the plugin's own folder is that plugin's config.
    const single = tree({ 'hplugin.config.yaml': 'workspace: {}\nname: single\nversion: 1.2.3\n', 'main.go': 'package main' });
    expect((await resolvePluginConfig({ cwd: single })).version).toBe('1.2.3');
  });
});
