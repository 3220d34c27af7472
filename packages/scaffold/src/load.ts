/**
 * loadTemplate: a built-in id, an id from a third-party templates folder, a local template
 * folder, or a .tar.gz archive (checked, then extracted to a temp folder that dispose() removes).
 */
import { rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
import { extractArchive, findTemplateRoot } from './archive.js';
import { listTemplates, type CatalogOptions } from './catalog.js';
import { readManifest, type TemplateManifest } from './manifest.js';
import { suggestion } from './suggest.js';

export interface Template {
  id: string;
  description: string;
  manifest: TemplateManifest;
  /** The folder holding template.yaml and the files to copy. */
  dir: string;
  source: 'builtin' | 'local' | 'directory' | 'archive';
  /** What the caller asked for (an id, a folder or an archive path). */
  origin: string;
  /** Removes the temp folder of an extracted archive; a no-op otherwise. Safe to call twice. */
  dispose(): Promise<void>;
}

export interface LoadTemplateOptions extends CatalogOptions {
  /** Relative folder and archive paths are resolved against this; default process.cwd(). */
  cwd?: string;
}

const ARCHIVE = /\.(tar\.gz|tgz)$/i;
const noop = async (): Promise<void> => {};

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.includes('/') || spec.includes('\\');
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function fromArchive(spec: string, file: string): Promise<Template> {
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new UsageError('SCAFFOLD_TEMPLATE_NOT_FOUND', `The template archive ${file} does not exist.`, {
      hint: 'Check the path to the .tar.gz file.',
      details: { template: spec },
    });
  }
  const extracted = await extractArchive(file);
  const dispose = () => rm(extracted, { recursive: true, force: true });
  try {
    const dir = await findTemplateRoot(extracted, file);
    const manifest = await readManifest(dir);
    return { id: manifest.id, description: manifest.description, manifest, dir, source: 'archive', origin: spec, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function fromDirectory(spec: string, dir: string): Promise<Template> {
  if (!(await isDirectory(dir))) {
    throw new UsageError('SCAFFOLD_TEMPLATE_NOT_FOUND', `The template folder ${dir} does not exist.`, {
      hint: 'Check the path, or pass a template id (see `hplugin new --list`).',
      details: { template: spec },
    });
  }
  const manifest = await readManifest(dir);
  return { id: manifest.id, description: manifest.description, manifest, dir, source: 'directory', origin: spec, dispose: noop };
}

export async function loadTemplate(idOrPath: string, options: LoadTemplateOptions = {}): Promise<Template> {
  const cwd = options.cwd ?? process.cwd();
  if (ARCHIVE.test(idOrPath)) return fromArchive(idOrPath, resolve(cwd, idOrPath));

  // A bare word is a template id first: a folder that happens to share the name (a plugin called
  // go-http, say) must not shadow the built-in template. ./go-http means the folder.
  const asPath = resolve(cwd, idOrPath);
  const all = looksLikePath(idOrPath) ? [] : await listTemplates(options);
  const match = all.find((t) => t.id === idOrPath);
  if (!match) {
    if (looksLikePath(idOrPath) || (await isDirectory(asPath))) return fromDirectory(idOrPath, asPath);
    const ids = all.map((t) => t.id);
    throw new UsageError('SCAFFOLD_TEMPLATE_NOT_FOUND', `There is no template "${idOrPath}".${suggestion(idOrPath, ids)}`, {
      hint: `Templates: ${ids.join(', ')}. A template can also be a folder (./my-template) or a .tar.gz archive.`,
      details: { template: idOrPath, available: ids },
    });
  }
  return {
    id: match.id,
    description: match.description,
    manifest: match.manifest,
    dir: match.dir,
    source: match.source,
    origin: idOrPath,
    dispose: noop,
  };
}
