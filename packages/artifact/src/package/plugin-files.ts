/**
 * Find and check the files that go into a plugin artifact. When the caller names no file, the
 * Higress folder convention applies: spec.yaml, README*.md and icon.png next to the plugin's code.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HpluginError, UsageError, type Reporter } from '@hplugin/core';
import { generateSpecYaml, type PluginMetadata } from '../spec/generate-spec.js';
import { formatSpecIssue, validateSpecYaml } from '../spec/validate-spec.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type SpecSource = { path: string } | { yaml: string };

export async function resolveSpecYaml(
  pluginDir: string,
  spec: SpecSource | undefined,
  plugin: { name: string; version: string; metadata?: PluginMetadata },
  reporter: Reporter,
): Promise<{ yaml: string; origin: 'file' | 'given' | 'generated' }> {
  let source = spec;
  if (!source && (await isFile(join(pluginDir, 'spec.yaml')))) source = { path: join(pluginDir, 'spec.yaml') };
  const origin = !source ? 'generated' : 'path' in source ? 'file' : 'given';
  const yaml = !source
    ? generateSpecYaml({ ...plugin.metadata, name: plugin.name, version: plugin.version })
    : 'path' in source
      ? await readFile(source.path, 'utf8')
      : source.yaml;
  const fileName = source && 'path' in source ? source.path : origin === 'generated' ? 'spec.yaml (generated from metadata)' : 'spec.yaml';
  const result = validateSpecYaml(yaml, fileName, { version: plugin.version });
  for (const w of result.warnings) reporter.warn(formatSpecIssue(w), 'SPEC_WARNING');
  if (!result.ok) {
    const lines = result.errors.map(formatSpecIssue);
    throw new UsageError('SPEC_INVALID', `${fileName} is not a valid Higress spec.yaml:\n  ${lines.join('\n  ')}`, {
      hint:
        origin === 'generated'
          ? 'Fix the plugin metadata (category, phase, priority) in your hplugin config.'
          : 'Fix the lines above; the allowed values are in the Higress "Wasm plugin image spec".',
      details: { errors: result.errors },
    });
  }
  if (origin === 'generated') reporter.debug('no spec.yaml found: generated a minimal one from the plugin metadata');
  return { yaml, origin };
}

export async function checkWasmFile(path: string): Promise<void> {
  if (!(await isFile(path))) {
    throw new UsageError('PACKAGE_WASM_MISSING', `The module ${path} does not exist.`, {
      hint: 'Run `hplugin build` first, or pass the path of the .wasm file to package.',
    });
  }
}

/** The icon the caller named (must exist), else icon.png in the plugin folder if there is one. */
export async function resolveIcon(pluginDir: string, icon: string | undefined): Promise<string | undefined> {
  const path = icon ?? join(pluginDir, 'icon.png');
  if (!(await isFile(path))) {
    if (icon === undefined) return undefined;
    throw new UsageError('PACKAGE_ICON_MISSING', `The icon ${path} does not exist.`, { hint: 'Fix the icon path, or leave it out.' });
  }
  const handle = await open(path, 'r');
  const { bytesRead, buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0).finally(() => handle.close());
  if (bytesRead < 8 || !buffer.equals(PNG_SIGNATURE)) {
    throw new UsageError('PACKAGE_ICON_INVALID', `The icon ${path} is not a PNG image; the artifact's icon layer is image/png.`, {
      hint: 'Convert it to PNG (e.g. `convert icon.jpg icon.png`), or leave the icon out.',
    });
  }
  return path;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw new HpluginError('FS_UNREADABLE', `Cannot read ${path}: ${(err as Error).message}.`, { cause: err });
  }
}
