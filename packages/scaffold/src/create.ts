/**
 * createPlugin: the whole `hplugin new` flow as one call (load → resolve → render → tidy), for the
 * CLI and for library users. Each step is also exported on its own.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { silentReporter, type Reporter } from '@hplugin/core';
import { DEFAULT_TEMPLATE } from './catalog.js';
import { assertKind } from './kind.js';
import { loadTemplate } from './load.js';
import { nextSteps } from './next-steps.js';
import { renderTemplate } from './render.js';
import { resolveParameters, type ResolvedParameters, type ResolveOptions } from './resolve.js';
import { schemaDefaults, writeSchemaCopies } from './schema-paths.js';
import { tidyModule } from './tidy.js';
import { placeInWorkspace, type WorkspaceInfo } from './workspace.js';

export interface CreatePluginOptions extends Omit<ResolveOptions, 'cwd'> {
  /** A template id, folder or .tar.gz; default go-http. */
  template?: string;
  /** Third-party template folders searched by id. */
  templatesDir?: string | readonly string[];
  cwd?: string;
  /** Default: <placeInWorkspace(cwd, workspace)>/<name>. */
  targetDir?: string;
  workspace?: WorkspaceInfo;
  force?: boolean;
  /** Run go mod tidy afterwards; default true. */
  tidy?: boolean;
  goBinary?: string;
  reporter?: Reporter;
}

export interface CreatePluginResult {
  templateId: string;
  params: ResolvedParameters;
  targetDir: string;
  files: string[];
  tidied: boolean;
  timings: { renderMs: number; tidyMs: number; totalMs: number };
  nextSteps: string;
}

export async function createPlugin(options: CreatePluginOptions): Promise<CreatePluginResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const reporter = options.reporter ?? silentReporter();
  const template = await loadTemplate(options.template ?? DEFAULT_TEMPLATE, { cwd, templatesDir: options.templatesDir, reporter });
  try {
    assertKind(template, 'plugin');
    // The folder the plugin lands in is known before its name: enough to point $schema at the
    // workspace root's node_modules (any name gives the same depth).
    const parent = options.targetDir !== undefined ? dirname(resolve(cwd, options.targetDir)) : placeInWorkspace(cwd, options.workspace);
    const probe = join(parent, options.targetDir !== undefined ? basename(options.targetDir) : 'plugin');
    const defaults = { ...schemaDefaults(probe, options.workspace && resolve(options.workspace.root)), ...options.defaults };
    const params = await resolveParameters(template, { ...options, cwd, defaults });
    const targetDir = options.targetDir !== undefined ? resolve(cwd, options.targetDir) : join(parent, params.name!);
    const renderStart = performance.now();
    const { files } = await renderTemplate(template, params, targetDir, { force: options.force ?? false, reporter });
    files.push(...(await writeSchemaCopies(targetDir, params)));
    const renderMs = performance.now() - renderStart;
    const tidy =
      options.tidy === false
        ? { ran: false, durationMs: 0 }
        : await tidyModule(targetDir, { ...(options.goBinary ? { goBinary: options.goBinary } : {}), reporter });
    const config = await readFile(join(targetDir, 'hplugin.config.yaml'), 'utf8').catch(() => '');
    const toolchain = /^\s*toolchain:\s*tinygo\b/m.test(config) ? 'tinygo' : 'go';
    return {
      templateId: template.id,
      params,
      targetDir,
      files,
      tidied: tidy.ran,
      timings: { renderMs, tidyMs: tidy.durationMs, totalMs: performance.now() - started },
      nextSteps: nextSteps({ targetDir, cwd, tidied: tidy.ran, toolchain }),
    };
  } finally {
    await template.dispose();
  }
}
