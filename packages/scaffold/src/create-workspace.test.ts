/**
 * createWorkspace: the plugin repository layout, the Turborepo task graph that keeps its cache
 * correct for Go plugins, and plugins added afterwards landing under plugins/ the way the CLI finds
 * the workspace (discoverConfigs, then placeInWorkspace).
 */
import { afterAll, describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { discoverConfigs, resolveWorkspace, validateConfigObject } from '@hplugin/config';
import { createPlugin } from './create.js';
import { createWorkspace } from './create-workspace.js';
import { removeTempDirs, tempDir } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

interface TurboTask {
  dependsOn?: string[];
  inputs?: string[];
  outputs?: string[];
  env?: string[];
  passThroughEnv?: string[];
  cache?: boolean;
}

describe('createWorkspace', () => {
  it('writes the repository layout with the CI workflow by default', async () => {
    const cwd = await tempDir();
    const result = await createWorkspace({ cwd, targetDir: 'acme-plugins' });
    const root = join(cwd, 'acme-plugins');
    expect(result.targetDir).toBe(root);
    expect(result.templateId).toBe('workspace');
    expect(result.ci).toBe('github');
    // The folder name is the default package name.
    expect(result.params.name).toBe('acme-plugins');
    const files = await allFiles(root);
    expect(files).toEqual([
      '.github/workflows/plugins.yml',
      '.gitignore',
      'README.md',
      'hplugin.config.yaml',
      'package.json',
      'plugins/.gitkeep',
      'turbo.json',
    ]);
    expect(result.files).toEqual(files);
    for (const file of files.filter((f) => !f.endsWith('.yml'))) expect(await readFile(join(root, file), 'utf8'), file).not.toMatch(/\{\{/);
    expect(result.nextSteps).toContain('cd acme-plugins');
    expect(result.nextSteps).toContain('npx hplugin new my-plugin --yes');
  });

  it('makes an npm workspace of plugins/* with scripts that go through turbo', async () => {
    const cwd = await tempDir();
    await createWorkspace({ cwd, targetDir: 'ws', set: { description: 'Our "edge" plugins: auth & co' } });
    const pkg = JSON.parse(await readFile(join(cwd, 'ws', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'ws',
      private: true,
      description: 'Our "edge" plugins: auth & co',
      workspaces: ['plugins/*'],
      scripts: { build: 'turbo run build', test: 'turbo run test', package: 'turbo run package', publish: 'turbo run publish' },
    });
    expect(pkg.packageManager).toMatch(/^npm@\d+\.\d+\.\d+$/);
    // The hplugin that created the workspace, read from this package's own version.
    const own = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version;
    expect(pkg.devDependencies).toEqual({ hplugin: `^${own}`, turbo: expect.stringMatching(/^\^2\./) });
  });

  it("gives turbo the inputs, outputs and env that keep a Go plugin's cache correct", async () => {
    const cwd = await tempDir();
    await createWorkspace({ cwd, targetDir: 'ws' });
    const turbo = JSON.parse(await readFile(join(cwd, 'ws', 'turbo.json'), 'utf8')) as {
      globalDependencies: string[];
      tasks: Record<string, TurboTask>;
    };
    const { build, test, package: pack, publish } = turbo.tasks as Record<'build' | 'test' | 'package' | 'publish', TurboTask>;
    expect(build.inputs).toEqual(
      expect.arrayContaining(['**/*.go', 'go.mod', 'go.sum', 'hplugin.config.*', 'VERSION', '.buildrc', 'prepare.sh', 'assets/**']),
    );
    expect(build.outputs).toContain('dist/**');
    // The OCI layout belongs to package: build must not capture (and later restore) a stale one.
    expect(build.outputs).toContain('!dist/oci/**');
    // Likewise the SBOM, which package writes to dist/sbom/ (package.sbom: spdx in this template).
    expect(build.outputs).toContain('!dist/sbom/**');
    expect(build.env).toEqual(expect.arrayContaining(['GOFLAGS', 'GOTOOLCHAIN', 'SOURCE_DATE_EPOCH']));
    expect(test.dependsOn).toEqual(['build']);
    expect(test.inputs).toContain('hplugin.test.yaml');
    expect(pack.dependsOn).toEqual(['build']);
    expect(pack.outputs).toEqual(['dist/oci/**', 'dist/sbom/**']);
    expect(pack.inputs).toEqual(expect.arrayContaining(['spec.yaml', 'README*.md', 'VERSION', 'go.sum']));
    expect(publish.dependsOn).toEqual(['package']);
    expect(publish.cache).toBe(false);
    // Credentials reach hplugin, but never the cache key.
    expect(publish.passThroughEnv).toEqual(expect.arrayContaining(['HPLUGIN_REGISTRY_USERNAME', 'HPLUGIN_REGISTRY_PASSWORD']));
    expect(publish.env ?? []).not.toContain('HPLUGIN_REGISTRY_PASSWORD');
    // The root config holds defaults for every plugin.
    expect(turbo.globalDependencies).toContain('hplugin.config.*');
  });

  it('writes a root config that hplugin accepts as a workspace, with the publish section commented out', async () => {
    const cwd = await tempDir();
    await createWorkspace({ cwd, targetDir: 'ws' });
    const text = await readFile(join(cwd, 'ws', 'hplugin.config.yaml'), 'utf8');
    const config = parseYaml(text);
    expect(validateConfigObject(config, 'hplugin.config.yaml', text)).toEqual([]);
    expect(config.workspace).toEqual({ plugins: ['plugins/*'] });
    // SBOMs are on by default for the plugins of a workspace.
    expect(config.package).toEqual({ sbom: 'spdx' });
    expect(config.publish).toBeUndefined();
    expect(text).toMatch(/^# publish:\n#\s+registry: /m);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/hplugin/plugin.config.schema.json');
    const readme = await readFile(join(cwd, 'ws', 'README.md'), 'utf8');
    for (const phrase of [
      'hplugin build --all',
      '--changed-since origin/main',
      'turbo login',
      'turbo link',
      'TURBO_TOKEN',
      'TURBO_TEAM',
      'TURBO_API',
      '//go:embed',
    ])
      expect(readme).toContain(phrase);
  });

  it('writes no workflow with ci: none', async () => {
    const cwd = await tempDir();
    const result = await createWorkspace({ cwd, targetDir: 'ws', ci: 'none' });
    expect(result.ci).toBe('none');
    expect(existsSync(join(cwd, 'ws', '.github'))).toBe(false);
    expect(result.files).not.toContain('.github/workflows/plugins.yml');
  });

  it('puts a plugin created inside it under plugins/, with $schema paths that reach the root node_modules', async () => {
    const cwd = await tempDir();
    const { targetDir: root } = await createWorkspace({ cwd, targetDir: 'ws' });
    const inside = join(root, 'plugins');
    // What `hplugin new` does: find the workspace from the cwd, then place the plugin.
    const { workspace } = await discoverConfigs(inside);
    expect(workspace?.dir).toBe(root);
    const plugins = (workspace!.value.workspace as { plugins: string[] }).plugins;
    const created = await createPlugin({
      template: 'go-minimal',
      cwd: inside,
      workspace: { root: workspace!.dir, plugins },
      set: { name: 'first' },
      interactive: false,
      yes: true,
      tidy: false,
    });
    expect(created.targetDir).toBe(join(root, 'plugins', 'first'));
    expect((await resolveWorkspace(root)).plugins).toEqual([join(root, 'plugins', 'first')]);
    const config = await readFile(join(created.targetDir, 'hplugin.config.yaml'), 'utf8');
    expect(parseYaml(config).$schema).toBe('../../node_modules/hplugin/plugin.config.schema.json');
    const testFile = await readFile(join(created.targetDir, 'hplugin.test.yaml'), 'utf8');
    expect(testFile.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/hplugin/hplugin.test.schema.json');
    expect(JSON.parse(await readFile(join(created.targetDir, 'package.json'), 'utf8')).name).toBe('@plugins/first');
  });

  it('refuses a non-empty folder unless forced, and keeps the other files when forced', async () => {
    const cwd = await tempDir();
    const { targetDir } = await createWorkspace({ cwd, targetDir: 'ws', ci: 'none' });
    await writeFile(join(targetDir, 'NOTES.md'), 'mine\n');
    await expect(createWorkspace({ cwd, targetDir: 'ws' })).rejects.toMatchObject({ code: 'SCAFFOLD_TARGET_NOT_EMPTY', exitCode: 2 });
    const forced = await createWorkspace({ cwd, targetDir: 'ws', force: true });
    expect(forced.files).toContain('.github/workflows/plugins.yml');
    expect(await readFile(join(targetDir, 'NOTES.md'), 'utf8')).toBe('mine\n');
  });
});

describe('template kinds', () => {
  it('createPlugin refuses a workspace template and createWorkspace a plugin template', async () => {
    const cwd = await tempDir();
    await expect(createPlugin({ template: 'workspace', cwd, set: { name: 'x' }, interactive: false, yes: true })).rejects.toMatchObject({
      code: 'SCAFFOLD_TEMPLATE_KIND',
      exitCode: 2,
      hint: expect.stringContaining('createWorkspace'),
    });
    await expect(createWorkspace({ cwd, targetDir: 'ws', template: 'go-http' })).rejects.toMatchObject({
      code: 'SCAFFOLD_TEMPLATE_KIND',
      hint: expect.stringContaining('createPlugin'),
    });
    expect(await readdir(cwd)).toEqual([]);
  });
});
