import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../__fixtures__/fixtures.js';
import { listModuleFiles } from './module-files.js';

async function tree(files: Record<string, string>): Promise<string> {
  const root = await tempDir();
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const BASE = {
  'go.mod': 'module m\n',
  'go.sum': '',
  'main.go': 'package main\n',
  'main_test.go': 'package main\n',
  'pkg/util.go': 'package pkg\n',
  'pkg/asm_wasm.s': '',
  '.buildrc': 'EXTRA_TAGS=x\n',
  'prepare.sh': 'true\n',
  'README.md': '# docs\n',
  VERSION: '1.0.0\n',
  'dist/plugin.wasm': 'output',
  'node_modules/x/index.go': 'package x\n',
  '.git/HEAD': 'ref\n',
  'nested/go.mod': 'module nested\n',
  'nested/n.go': 'package nested\n',
  'assets/banner.txt': 'hi\n',
};

describe('listModuleFiles', () => {
  it('without //go:embed: Go sources, go.mod/go.sum and the Higress conventions only', async () => {
    const root = await tree(BASE);
    const listed = await listModuleFiles(root, { excluded: [join(root, 'dist')] });
    expect(listed).toEqual({
      usesEmbed: false,
      files: ['.buildrc', 'go.mod', 'go.sum', 'main.go', 'pkg/asm_wasm.s', 'pkg/util.go', 'prepare.sh'],
    });
  });

  it('with //go:embed anywhere: every file of the module, still without outputs, VCS, node_modules and nested modules', async () => {
    const root = await tree({ ...BASE, 'pkg/util.go': 'package pkg\nimport _ "embed"\n//go:embed ../assets/banner.txt\nvar b string\n' });
    const listed = await listModuleFiles(root, { excluded: [join(root, 'dist')] });
    expect(listed.usesEmbed).toBe(true);
    expect(listed.files).toEqual([
      '.buildrc',
      'README.md',
      'VERSION',
      'assets/banner.txt',
      'go.mod',
      'go.sum',
      'main.go',
      'main_test.go',
      'pkg/asm_wasm.s',
      'pkg/util.go',
      'prepare.sh',
    ]);
  });

  it('skips hplugin temp files and symlinked folders, follows symlinked files', async () => {
    const root = await tree({ 'go.mod': 'module m\n', 'main.go': 'package main\n', 'real/x.go': 'package real\n' });
    await writeFile(join(root, '.plugin.wasm.123.abcd1234.tmp'), '');
    await symlink(join(root, 'real'), join(root, 'linked-dir'));
    await symlink(join(root, 'real', 'x.go'), join(root, 'linked.go'));
    const listed = await listModuleFiles(root, { excluded: [] });
    expect(listed.files).toEqual(['go.mod', 'linked.go', 'main.go', 'real/x.go']);
  });
});
