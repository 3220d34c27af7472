/**
 * Where templates come from by id: the built-in folder shipped with hplugin, then any third-party
 * folders of templates the caller names (one sub-folder per template, like the built-in one).
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHpluginError, silentReporter, type Reporter } from '@hplugin/core';
import { MANIFEST_FILE, readManifest, type TemplateKind, type TemplateManifest } from './manifest.js';

export const DEFAULT_TEMPLATE = 'go-http';

export interface TemplateSummary {
  id: string;
  description: string;
  kind: TemplateKind;
  /** The template folder (holding template.yaml). */
  dir: string;
  source: 'builtin' | 'local';
  manifest: TemplateManifest;
}

export interface CatalogOptions {
  /** Extra folders of templates (third-party), searched after the built-in ones. */
  templatesDir?: string | readonly string[];
  /** Only templates of this kind (`hplugin new --list` wants plugin templates); default all. */
  kind?: TemplateKind;
  reporter?: Reporter;
}

/**
 * The built-in templates: `templates/` inside the published package (copied there when packing),
 * or the repository's root `templates/` when running from a checkout (src/ or dist/).
 */
export function builtinTemplatesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'templates'), join(here, '..', '..', '..', 'templates')];
  return candidates.find((dir) => existsSync(join(dir, DEFAULT_TEMPLATE, MANIFEST_FILE))) ?? candidates[candidates.length - 1]!;
}

export function extraDirs(templatesDir: CatalogOptions['templatesDir']): string[] {
  if (templatesDir === undefined) return [];
  return (typeof templatesDir === 'string' ? [templatesDir] : [...templatesDir]).map((d) => resolve(d));
}

async function scan(root: string, source: TemplateSummary['source'], reporter: Reporter): Promise<TemplateSummary[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const found: TemplateSummary[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || !existsSync(join(root, entry.name, MANIFEST_FILE))) continue;
    const dir = join(root, entry.name);
    try {
      const manifest = await readManifest(dir);
      found.push({ id: manifest.id, description: manifest.description, kind: manifest.kind, dir, source, manifest });
    } catch (err) {
      // A broken built-in template is our bug; a broken third-party one should not hide the rest.
      if (source === 'builtin' || !isHpluginError(err)) throw err;
      reporter.warn(`Skipped the template in ${dir}: ${err.message}`, err.code);
    }
  }
  return found;
}

/** Built-in templates first (the default one at the top), then third-party ones. */
export async function listTemplates(options: CatalogOptions = {}): Promise<TemplateSummary[]> {
  const reporter = options.reporter ?? silentReporter();
  const builtin = await scan(builtinTemplatesDir(), 'builtin', reporter);
  builtin.sort((a, b) => Number(b.id === DEFAULT_TEMPLATE) - Number(a.id === DEFAULT_TEMPLATE));
  const local = (await Promise.all(extraDirs(options.templatesDir).map((d) => scan(d, 'local', reporter)))).flat();
  const all = [...builtin, ...local];
  return options.kind === undefined ? all : all.filter((t) => t.kind === options.kind);
}
