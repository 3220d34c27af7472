/**
 * The render plan: which template file becomes which output path. Output paths are checked here,
 * before anything is written, so that neither a parameter value nor a template file name can
 * place a file outside the target folder.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { HpluginError, UsageError } from '@hplugin/core';
import type { Template } from './load.js';
import { MANIFEST_FILE } from './manifest.js';
import { substitute } from './substitute.js';

/** npm drops .gitignore from published packages, so templates ship it as _gitignore (create-vite does the same). */
const ALWAYS_RENAMED: Record<string, string> = { _gitignore: '.gitignore' };
// Version-control folders and OS litter in a template folder are never copied.
const IGNORED = new Set(['.git', '.hg', '.svn', '.DS_Store', 'node_modules']);

export interface PlannedFile {
  /** Absolute path of the template file (symlinks already resolved inside the template). */
  source: string;
  /** Output path relative to the target folder, with / separators. */
  output: string;
  executable: boolean;
}

function unsafe(template: Template, what: string, result: string): UsageError {
  return new UsageError('SCAFFOLD_PATH_ESCAPE', `The template "${template.id}" would write ${JSON.stringify(result)}, which ${what}.`, {
    hint: 'Nothing was written. Check the values used in file names, or the template.',
    details: { path: result },
  });
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Rename, then substitute each path segment separately so a value cannot introduce a "/". */
export function outputPath(templatePath: string, template: Template, values: Readonly<Record<string, string>>): string {
  const renamed = template.manifest.rename[templatePath] ?? templatePath;
  const segments = renamed.split('/').map((segment) => ALWAYS_RENAMED[segment] ?? segment);
  const out = segments.map((segment) => {
    const result = substitute(segment, values);
    if (result === '' || result === '.' || result === '..') throw unsafe(template, 'has an empty, "." or ".." path segment', result);
    if (/[/\\\0]/.test(result) || /^[A-Za-z]:$/.test(result)) throw unsafe(template, 'puts a path separator in a file name', result);
    return result;
  });
  const joined = out.join('/');
  if (posix.isAbsolute(joined) || posix.normalize(joined).startsWith('..')) throw unsafe(template, 'is outside the target folder', joined);
  return joined;
}

async function walk(
  dir: string,
  root: string,
  realRoot: string,
  template: Template,
  found: Array<{ source: string; rel: string; mode: number }>,
): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (IGNORED.has(entry.name)) continue;
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (rel === MANIFEST_FILE) continue;
    let source = full;
    let info = await lstat(full);
    if (info.isSymbolicLink()) {
      // A link is copied as the file it points to, and only when that file is inside the template.
      source = await realpath(full).catch(() => full);
      if (!isInside(realRoot, source)) throw unsafe(template, `links outside the template (${rel})`, rel);
      info = await lstat(source);
    }
    if (info.isDirectory() && source !== full) {
      throw new HpluginError(
        'SCAFFOLD_TEMPLATE_INVALID',
        `The template "${template.id}" holds ${rel}, a link to a folder; hplugin copies plain files and folders only.`,
        { hint: 'Replace the link with the folder itself.' },
      );
    }
    if (info.isDirectory()) await walk(full, root, realRoot, template, found);
    else if (info.isFile()) found.push({ source, rel, mode: info.mode });
    else
      throw new HpluginError(
        'SCAFFOLD_TEMPLATE_INVALID',
        `The template "${template.id}" holds ${rel}, which is neither a file nor a folder.`,
        { hint: 'Remove it from the template.' },
      );
  }
}

export async function planFiles(template: Template, values: Readonly<Record<string, string>>): Promise<PlannedFile[]> {
  const found: Array<{ source: string; rel: string; mode: number }> = [];
  await walk(template.dir, template.dir, await realpath(template.dir), template, found);
  const planned = new Map<string, PlannedFile>();
  for (const file of found) {
    const output = outputPath(file.rel, template, values);
    if (planned.has(output)) {
      throw new HpluginError('SCAFFOLD_TEMPLATE_INVALID', `The template "${template.id}" maps two files to ${output}.`, {
        hint: 'Fix its rename table or file names.',
      });
    }
    planned.set(output, { source: file.source, output, executable: (file.mode & 0o111) !== 0 });
  }
  return [...planned.values()].sort((a, b) => a.output.localeCompare(b.output));
}

export { isInside };
