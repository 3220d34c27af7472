import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ignorePath = join(root, '.prettierignore');

/** The tracked files Prettier owns: every file git knows that .prettierignore does not exclude. */
async function formattedFiles(): Promise<string[]> {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  const owned: string[] = [];
  for (const file of tracked) {
    const info = await prettier.getFileInfo(join(root, file), { ignorePath: [ignorePath] });
    if (!info.ignored && info.inferredParser) owned.push(file);
  }
  return owned;
}

async function isFormatted(file: string, text: string): Promise<boolean> {
  const options = await prettier.resolveConfig(join(root, file), { editorconfig: false });
  return prettier.check(text, { ...options, filepath: join(root, file) });
}

// CI runs `npm test`, not `npm run format:check`: this keeps the formatter enforced there.
describe('prettier (.prettierrc.json)', () => {
  it('finds every tracked source file formatted (`npm run format` fixes them)', async () => {
    const files = await formattedFiles();
    expect(files.length).toBeGreaterThan(400);
    expect(files.every((f) => /\.(ts|mts|js|mjs)$/.test(f))).toBe(true);
    const unformatted: string[] = [];
    for (const file of files) {
      if (!(await isFormatted(file, await readFile(join(root, file), 'utf8')))) unformatted.push(file);
    }
    expect(unformatted).toEqual([]);
  });

  it('would catch a file that is not formatted', async () => {
    expect(await isFormatted('packages/core/src/example.ts', 'export const a = { b: "c" }\n')).toBe(false);
    expect(await isFormatted('packages/core/src/example.ts', "export const a = { b: 'c' };\n")).toBe(true);
  });
});
