import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
import { discoverConfigs } from '@hplugin/config';
import { existsSync } from 'node:fs';
import {
  assertTargetUsable,
  createPlugin,
  createWorkspace,
  DEFAULT_TEMPLATE,
  inquirerPrompt,
  listTemplates,
  placeInWorkspace,
  writeCiWorkflow,
} from '@hplugin/scaffold';
import type { CommandResult, Context } from '../../context.js';
import type { NewArgs } from './spec.js';
import { packSelf } from '../../self-package.js';

function parseSets(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError('USAGE', `--set "${v}" is not key=value.`, { hint: 'Write it as --set category=security.' });
    out[v.slice(0, at)] = v.slice(at + 1);
  }
  return out;
}

/** On a terminal without --template: which template, each with what it is for. */
async function chooseTemplate(ctx: Context): Promise<string> {
  const templates = (await listTemplates({ reporter: ctx.reporter, kind: 'plugin' })).filter((t) => t.kind === 'plugin');
  return inquirerPrompt({
    name: 'template',
    message: 'Template',
    default: DEFAULT_TEMPLATE,
    choices: templates.map((t) => t.id),
    choiceDescriptions: Object.fromEntries(templates.map((t) => [t.id, t.description])),
    validate: () => true,
  });
}

/** The name offered on a terminal: my-plugin, or my-plugin-2… when that folder is taken. */
function freeName(parent: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'my-plugin' : `my-plugin-${n}`;
    if (!existsSync(join(parent, name))) return name;
  }
}

export async function newPlugin(args: NewArgs, ctx: Context): Promise<CommandResult> {
  if (args.list) {
    const templates = await listTemplates({ reporter: ctx.reporter });
    const width = Math.max(...templates.map((t) => t.id.length));
    const line = (t: (typeof templates)[number]) => `  ${t.id.padEnd(width)}  ${t.description}`;
    const text = [
      'Plugin templates (hplugin new <name> --template <id>):',
      ...templates.filter((t) => t.kind === 'plugin').map(line),
      'Repository templates (hplugin new --workspace <dir> --template <id>):',
      ...templates.filter((t) => t.kind === 'workspace').map(line),
    ].join('\n');
    return { data: { templates }, text };
  }
  const set = parseSets(args.set);
  if (args.workspace !== undefined) return newWorkspace(args, set, ctx);
  if (args.ci === 'github' && args.name === undefined && set.name === undefined) {
    const written = await writeCiWorkflow(ctx.cwd, { provider: 'github', force: Boolean(args.force), reporter: ctx.reporter });
    return {
      data: { ...written },
      text: `✓ Wrote ${written.path}: builds, tests and publishes the changed plugins (registry credentials from the HPLUGIN_REGISTRY_USERNAME/PASSWORD secrets).`,
    };
  }
  if (args.name !== undefined) {
    if (set.name !== undefined && set.name !== args.name) {
      throw new UsageError('USAGE', `The name is given twice: "${args.name}" and --set name=${set.name}.`, { hint: 'Give it once.' });
    }
    set.name = args.name;
  }
  // Inside a plugin workspace, a new plugin goes where the workspace's globs expect it.
  const { workspace } = await discoverConfigs(ctx.cwd);
  const globs = (workspace?.value.workspace as { plugins?: string[] } | undefined)?.plugins;
  const parent = placeInWorkspace(ctx.cwd, workspace && globs?.length ? { root: workspace.dir, plugins: globs } : undefined);
  // A folder in the way is reported now, not after every question has been answered.
  if (set.name !== undefined || args.dir !== undefined)
    await assertTargetUsable(args.dir !== undefined ? resolve(ctx.cwd, args.dir) : join(parent, set.name!), Boolean(args.force));
  const asking = ctx.interactive && !args.yes;
  const template = args.template ?? (asking && set.name === undefined ? await chooseTemplate(ctx) : undefined);
  const result = await createPlugin({
    ...(asking && set.name === undefined ? { defaults: { name: freeName(parent) } } : {}),
    cwd: ctx.cwd,
    set,
    ...(args.valuesFile ? { valuesFile: args.valuesFile } : {}),
    ...(template ? { template } : {}),
    ...(args.dir ? { targetDir: resolve(ctx.cwd, args.dir) } : {}),
    ...(workspace && globs?.length ? { workspace: { root: workspace.dir, plugins: globs } } : {}),
    interactive: ctx.interactive && !args.yes,
    yes: Boolean(args.yes),
    force: Boolean(args.force),
    tidy: args.tidy !== false,
    reporter: ctx.reporter,
  });
  return {
    data: {
      template: result.templateId,
      targetDir: result.targetDir,
      params: result.params,
      files: result.files,
      tidied: result.tidied,
      timings: result.timings,
    },
    text: `✓ Created ${result.params.name} from ${result.templateId} in ${result.targetDir} (${result.files.length} files)\n\n${result.nextSteps}`,
  };
}

async function newWorkspace(args: NewArgs, set: Record<string, string>, ctx: Context): Promise<CommandResult> {
  // hplugin is on no npm registry: the new repository carries the running hplugin as vendor/*.tgz,
  // unless the caller chose the devDependency (--set hpluginVersion=…).
  const hpluginTarball =
    set.hpluginVersion === undefined ? await ctx.reporter.task('Packing this hplugin for vendor/', () => packSelf()) : undefined;
  const result = await createWorkspace({
    ...(hpluginTarball ? { hpluginTarball } : {}),
    targetDir: resolve(ctx.cwd, args.workspace!),
    cwd: ctx.cwd,
    set,
    ...(args.valuesFile ? { valuesFile: args.valuesFile } : {}),
    ...(args.template ? { template: args.template } : {}),
    ci: args.ci ?? 'github',
    interactive: ctx.interactive && !args.yes,
    yes: Boolean(args.yes),
    force: Boolean(args.force),
    reporter: ctx.reporter,
  }).finally(() => hpluginTarball && rm(dirname(hpluginTarball), { recursive: true, force: true }));
  return {
    data: { template: result.templateId, targetDir: result.targetDir, params: result.params, files: result.files, ci: result.ci },
    text: `✓ Created the plugin repository ${result.targetDir} (${result.files.length} files)\n\n${result.nextSteps}`,
  };
}
