/**
 * writeCiWorkflow: the CI workflow that builds, tests and publishes the plugins a change touches.
 * One source file per provider (templates/ci/<provider>/), used both by the workspace template and
 * on its own for an existing repository, so the two never drift apart.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError, silentReporter, writeFileAtomic, type Reporter } from '@hplugin/core';
import { builtinTemplatesDir } from './catalog.js';
import { substitute } from './substitute.js';

export const CI_PROVIDERS = ['github'] as const;
export type CiProvider = (typeof CI_PROVIDERS)[number];

export interface WriteCiWorkflowOptions {
  provider: CiProvider;
  /** The branch that publishes; default main. */
  mainBranch?: string;
  /** Replace an existing workflow file. */
  force?: boolean;
  reporter?: Reporter;
}

export interface WriteCiWorkflowResult {
  provider: CiProvider;
  /** Absolute path of the written file. */
  path: string;
  /** The same path relative to the repository folder, with / separators. */
  file: string;
}

const SOURCES: Record<CiProvider, { source: string; target: string }> = {
  github: { source: 'github/plugins.yml', target: '.github/workflows/plugins.yml' },
};

// Git refuses most other characters in branch names, and this value lands inside YAML.
const BRANCH = /^[A-Za-z0-9._/-]+$/;

export function ciWorkflowPath(provider: CiProvider): string {
  return SOURCES[provider].target;
}

/** The workflow text for a provider, ready to write. */
export async function renderCiWorkflow(provider: CiProvider, mainBranch = 'main'): Promise<string> {
  if (!CI_PROVIDERS.includes(provider)) {
    throw new UsageError('SCAFFOLD_CI_PROVIDER', `hplugin has no CI workflow for "${String(provider)}".`, {
      hint: `Providers: ${CI_PROVIDERS.join(', ')} (or none).`,
      details: { provider },
    });
  }
  if (!BRANCH.test(mainBranch)) {
    throw new UsageError('SCAFFOLD_INVALID_VALUE', `"${mainBranch}" is not a branch name the workflow can use.`, {
      hint: 'Use letters, digits, ".", "_", "-" and "/", e.g. main.',
      details: { mainBranch },
    });
  }
  const text = await readFile(join(builtinTemplatesDir(), 'ci', SOURCES[provider].source), 'utf8');
  return substitute(text, { mainBranch });
}

export async function writeCiWorkflow(dir: string, options: WriteCiWorkflowOptions): Promise<WriteCiWorkflowResult> {
  const reporter = options.reporter ?? silentReporter();
  const text = await renderCiWorkflow(options.provider, options.mainBranch);
  const file = SOURCES[options.provider].target;
  const path = resolve(dir, file);
  if (existsSync(path) && !options.force) {
    throw new UsageError('SCAFFOLD_TARGET_NOT_EMPTY', `${path} already exists.`, {
      hint: 'Pass --force to replace it, or merge the steps by hand (see templates/ci in hplugin).',
      details: { path },
    });
  }
  await writeFileAtomic(path, text);
  reporter.info(`Wrote ${file}`);
  return { provider: options.provider, path, file };
}
