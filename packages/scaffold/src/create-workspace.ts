/**
 * createWorkspace: a plugin repository (npm workspaces + Turborepo + an hplugin workspace config)
 * from a workspace template, plus the CI workflow unless ci is none. Plugins are then added with
 * createPlugin, whose workspace placement puts them under plugins/.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { silentReporter, type Reporter } from '@hplugin/core';
import { writeCiWorkflow, type CiProvider } from './ci.js';
import { assertKind } from './kind.js';
import { loadTemplate } from './load.js';
import { renderTemplate } from './render.js';
import { resolveParameters, type ResolvedParameters, type ResolveOptions } from './resolve.js';
import { PLUGIN_NAME } from './rules.js';

export const DEFAULT_WORKSPACE_TEMPLATE = 'workspace';

export interface CreateWorkspaceOptions extends Omit<ResolveOptions, 'cwd' | 'interactive'> {
  /** The repository folder to create (relative to cwd). Missing or empty, unless force. */
  targetDir: string;
  /** A workspace template id, folder or .tar.gz; default workspace. */
  template?: string;
  templatesDir?: string | readonly string[];
  /** Shorthand for set.ci: github (default) or none. */
  ci?: CiProvider | 'none';
  /**
   * Ask for missing values; default false. Without it every default is taken (yes defaults to
   * true): nothing in a workspace is hard to change later, unlike a plugin's name.
   */
  interactive?: boolean;
  cwd?: string;
  force?: boolean;
  /**
   * A packed hplugin (.tgz) to copy into vendor/ and use as the hplugin devDependency
   * (`file:vendor/<name>.tgz`): hplugin is on no npm registry, so a range would fail with E404 in
   * `npm install` and in CI. Without it, the devDependency is the hpluginVersion parameter.
   */
  hpluginTarball?: string;
  reporter?: Reporter;
}

export interface CreateWorkspaceResult {
  templateId: string;
  params: ResolvedParameters;
  targetDir: string;
  /** Files written, relative to targetDir, the CI workflow included. */
  files: string[];
  ci: CiProvider | 'none';
  timings: { renderMs: number; totalMs: number };
  nextSteps: string;
}

/** The running hplugin's version, so a new repository pins the hplugin that made it. */
function ownVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

/** Defaults that depend on context: the folder name, and the npm that runs us (npx sets the agent). */
function contextDefaults(targetDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const folder = basename(targetDir).toLowerCase();
  if (PLUGIN_NAME.test(folder)) out.name = folder;
  const version = ownVersion();
  if (version) out.hpluginVersion = `^${version}`;
  const npm = /^npm\/(\d+\.\d+\.\d+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
  if (npm) out.packageManager = `npm@${npm}`;
  return out;
}

function workspaceNextSteps(targetDir: string, cwd: string): string {
  const rel = relative(cwd, targetDir) || '.';
  return [
    'Next steps:',
    ...(rel === '.' ? [] : [`  cd ${rel.includes(' ') ? JSON.stringify(rel) : rel}`]),
    '  npm install                       # hplugin and turbo; commit package-lock.json (CI runs npm ci)',
    '  npx hplugin new my-plugin --yes   # lands in plugins/my-plugin',
    '  npm run build                     # turbo run build (cached), or: npx hplugin build --all',
  ].join('\n');
}

export async function createWorkspace(options: CreateWorkspaceOptions): Promise<CreateWorkspaceResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const reporter = options.reporter ?? silentReporter();
  const targetDir = resolve(cwd, options.targetDir);
  const template = await loadTemplate(options.template ?? DEFAULT_WORKSPACE_TEMPLATE, {
    cwd,
    templatesDir: options.templatesDir,
    reporter,
  });
  try {
    assertKind(template, 'workspace');
    const declared = new Set(template.manifest.parameters.map((p) => p.name));
    const set = { ...options.set, ...(options.ci !== undefined && declared.has('ci') ? { ci: options.ci } : {}) };
    const params = await resolveParameters(template, {
      ...options,
      set,
      cwd,
      interactive: options.interactive ?? false,
      yes: options.yes ?? !options.interactive,
      defaults: {
        ...contextDefaults(targetDir),
        ...(options.hpluginTarball ? { hpluginVersion: `file:vendor/${basename(options.hpluginTarball)}` } : {}),
        ...options.defaults,
      },
    });
    const renderStart = performance.now();
    const { files } = await renderTemplate(template, params, targetDir, { force: options.force ?? false, reporter });
    if (options.hpluginTarball) {
      // Copied after rendering, which is what refuses a non-empty folder.
      const vendored = join('vendor', basename(options.hpluginTarball));
      await mkdir(join(targetDir, 'vendor'), { recursive: true });
      await copyFile(options.hpluginTarball, join(targetDir, vendored));
      files.push(vendored.split(sep).join('/'));
    }
    const ci = (params.ci ?? options.ci ?? 'none') as CiProvider | 'none';
    if (ci !== 'none') {
      const written = await writeCiWorkflow(targetDir, {
        provider: ci,
        mainBranch: params.mainBranch ?? 'main',
        force: options.force ?? false,
        reporter,
      });
      files.push(written.file);
    }
    const renderMs = performance.now() - renderStart;
    return {
      templateId: template.id,
      params,
      targetDir,
      files: files.sort(),
      ci,
      timings: { renderMs, totalMs: performance.now() - started },
      nextSteps: workspaceNextSteps(targetDir, cwd),
    };
  } finally {
    await template.dispose();
  }
}
