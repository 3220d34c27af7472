/**
 * renderTemplate: copy the planned files with substitutions into a temp folder NEXT TO the target
 * (same filesystem), then rename it into place. An error at any point removes the temp folder, so
 * a failed render leaves nothing half-written. With force over a non-empty folder each file is
 * renamed into place on its own (existing files that the template does not produce are kept).
 */
import { chmod, mkdir, readdir, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { silentReporter, UsageError, type Reporter } from '@hplugin/core';
import type { Template } from './load.js';
import { isInside, planFiles, type PlannedFile } from './plan.js';
import type { ResolvedParameters } from './resolve.js';
import { substitute } from './substitute.js';

export interface RenderOptions {
  /** Write into a non-empty target folder, replacing the files the template produces. */
  force?: boolean;
  reporter?: Reporter;
}

export interface RenderResult {
  targetDir: string;
  /** Files written, relative to targetDir, with / separators, sorted. */
  files: string[];
}

type TargetState = 'missing' | 'empty' | 'non-empty';

async function targetState(dir: string): Promise<TargetState> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return 'missing';
  if (!info.isDirectory()) {
    throw new UsageError('SCAFFOLD_TARGET_NOT_EMPTY', `${dir} exists and is a file, not a folder.`, {
      hint: 'Choose another plugin name or folder.',
      details: { targetDir: dir },
    });
  }
  return (await readdir(dir)).length === 0 ? 'empty' : 'non-empty';
}

async function writePlanned(file: PlannedFile, root: string, values: ResolvedParameters): Promise<void> {
  const bytes = await readFile(file.source);
  // Binary files (icons) are copied byte for byte; text gets the {{...}} substitutions.
  const content = bytes.includes(0) ? bytes : substitute(bytes.toString('utf8'), values);
  const out = join(root, ...file.output.split('/'));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, content, { mode: file.executable ? 0o755 : 0o644 });
  await chmod(out, file.executable ? 0o755 : 0o644); // writeFile's mode is masked by the umask
}

/** force into a non-empty folder: move file by file, refusing any parent that is a link leading out. */
async function mergeInto(staging: string, target: string, files: readonly PlannedFile[]): Promise<void> {
  const realTarget = await realpath(target);
  for (const file of files) {
    const dest = join(target, ...file.output.split('/'));
    await mkdir(dirname(dest), { recursive: true });
    if (!isInside(realTarget, await realpath(dirname(dest)))) {
      throw new UsageError(
        'SCAFFOLD_PATH_ESCAPE',
        `${dirname(dest)} is a link that leads outside ${target}; refusing to write ${file.output} there.`,
        {
          hint: 'Remove the link, or scaffold into an empty folder.',
          details: { path: file.output },
        },
      );
    }
    await rename(join(staging, ...file.output.split('/')), dest);
  }
}

/**
 * Refuses a target that is a file, or a non-empty folder without force. Also exported so the CLI
 * can say so before it asks any question, when the name (and so the folder) is already known.
 */
export async function assertTargetUsable(targetDir: string, force = false): Promise<TargetState> {
  const target = resolve(targetDir);
  const state = await targetState(target);
  if (state === 'non-empty' && !force) {
    throw new UsageError('SCAFFOLD_TARGET_NOT_EMPTY', `${target} already exists and is not empty.`, {
      hint: 'Choose another name or folder, or pass --force to write the template files into it (other files are kept).',
      details: { targetDir: target },
    });
  }
  return state;
}

export async function renderTemplate(
  template: Template,
  params: ResolvedParameters,
  targetDir: string,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const reporter = options.reporter ?? silentReporter();
  const target = resolve(targetDir);
  const state = await assertTargetUsable(target, options.force);
  const files = await planFiles(template, params);
  await mkdir(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.hplugin-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await reporter.task(
      `Rendering ${template.id}`,
      async () => {
        await mkdir(staging);
        for (const file of files) await writePlanned(file, staging, params);
      },
      () => `Rendered ${files.length} files from ${template.id}`,
    );
    if (state === 'missing') await rename(staging, target);
    else if (state === 'empty') {
      await rmdir(target);
      await rename(staging, target);
    } else await mergeInto(staging, target, files);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  reporter.debug(`Wrote ${files.map((f) => f.output).join(', ')} to ${target}`);
  return { targetDir: target, files: files.map((f) => f.output) };
}
