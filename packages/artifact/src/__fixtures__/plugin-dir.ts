/** A plugin folder as the Higress repository lays it out, with a module built by proxyWasmModule. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { proxyWasmModule } from './wasm.js';

/** A 1×1 transparent PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export interface PluginDirOptions {
  readmes?: Record<string, string>;
  spec?: string;
  icon?: boolean;
  wasm?: Buffer;
  /** Mode for every file written (to imitate a umask). */
  mode?: number;
}

export async function writePluginDir(
  dir: string,
  options: PluginDirOptions = {},
): Promise<{ dir: string; wasmPath: string; wasm: Buffer }> {
  const mode = options.mode ?? 0o644;
  await mkdir(join(dir, 'build'), { recursive: true });
  const readmes = options.readmes ?? { 'README.md': '# hello\n\n默认文档\n', 'README_EN.md': '# hello\n\nEnglish docs\n' };
  for (const [name, text] of Object.entries(readmes)) await writeFile(join(dir, name), text, { mode });
  if (options.spec !== undefined) await writeFile(join(dir, 'spec.yaml'), options.spec, { mode });
  if (options.icon) await writeFile(join(dir, 'icon.png'), TINY_PNG, { mode });
  const wasm = options.wasm ?? proxyWasmModule({ padTo: 40_000 });
  const wasmPath = join(dir, 'build', 'main.wasm');
  await writeFile(wasmPath, wasm, { mode });
  return { dir, wasmPath, wasm };
}
