import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';

export const newCommand = defineCommand({
  command: 'new [name]',
  describe: 'Create a plugin from a template (prompts on a terminal; --yes or --set in CI)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', describe: 'Plugin name, lowercase kebab-case (also --set name=…)' })
      .option('template', { alias: 't', type: 'string', describe: 'Template id (see --list), a folder, or a .tar.gz' })
      .option('set', { type: 'string', array: true, describe: 'Template parameter key=value; repeatable' })
      .option('values-file', { type: 'string', describe: 'YAML or JSON file of parameter values' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Take defaults for everything not given; never prompt' })
      .option('force', { type: 'boolean', describe: 'Write into a non-empty folder (your other files are kept)' })
      .option('dir', { type: 'string', describe: 'Target folder (default: <workspace plugins folder or cwd>/<name>)' })
      .option('list', { type: 'boolean', describe: 'List the templates and exit' })
      .option('tidy', { type: 'boolean', default: true, describe: 'Run go mod tidy afterwards (--no-tidy to skip)' })
      .option('workspace', {
        type: 'string',
        describe: 'Create a plugin repository (plugins/, turbo.json, CI workflow) in this folder instead',
      })
      .option('ci', {
        type: 'string',
        choices: ['github', 'none'] as const,
        describe: 'With --workspace: the CI workflow to include (default github); alone: write it into the current repository',
      })
      .example('hplugin new request-guard --yes', 'scaffold with defaults, no questions')
      .example('hplugin new --set name=ip-guard --set category=security --set phase=AUTHZ --yes', 'CI-friendly')
      .example('hplugin new --workspace my-plugins', 'a repository for many plugins, with Turborepo and CI')
      .conflicts('workspace', 'name'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).newPlugin(args, ctx),
});

export type NewArgs = ArgsOf<typeof newCommand>;
