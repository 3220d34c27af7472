/** Test helpers: throwaway template folders and archives built in temp folders. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';

const created: string[] = [];

export async function tempDir(prefix = 'hplugin-scaffold-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** For afterAll: remove every folder tempDir made in this test file. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export const SMALL_MANIFEST = `id: small
description: A tiny third-party template
parameters:
  - name: name
    prompt: Name
  - name: greeting
    prompt: Greeting
    default: hello
    pattern: "[a-z]+"
  - name: flavour
    prompt: Flavour
    default: plain
    enum: [plain, spicy]
rename:
  _gitignore: .gitignore
  notes.txt: docs/{{name}}-notes.txt
`;

/** A template folder: template.yaml plus the given files (paths with /). */
export async function writeTemplate(dir: string, files: Record<string, string>, manifest = SMALL_MANIFEST): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'template.yaml'), manifest);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export const SMALL_FILES = {
  'README.md': '# {{name | title}}\n{{greeting}} ({{flavour}})\n',
  _gitignore: 'dist/\n',
  'notes.txt': 'notes for {{name}}\n',
  'src/{{name}}.txt': 'file named after {{name}}\n',
};

/** Pack `entries` (relative to cwd, or absolute / with .. thanks to preservePaths) into a .tar.gz. */
export async function packArchive(file: string, cwd: string, entries: string[]): Promise<string> {
  await tar.c({ file, cwd, gzip: true, preservePaths: true, portable: true }, entries);
  return file;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; hint?: string; exitCode: number }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; message: string; hint?: string; exitCode: number };
  }
  throw new Error('expected a rejection');
}
