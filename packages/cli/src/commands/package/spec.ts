import { PACKAGE_FORMATS } from '@hplugin/rules';
import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { SBOM_OPTION, STRICT_OPTION, withDir, withMany, withVersion } from '../shared.js';

export const packageCommand = defineCommand({
  command: 'package [dir]',
  describe: 'Assemble the Higress OCI artifact (reproducible) into the local OCI layout, building first if needed',
  builder: (y) =>
    withVersion(withMany(withDir(y)))
      .option('format', { type: 'string', choices: PACKAGE_FORMATS, describe: 'Artifact format (default: package.format, higress)' })
      .option('strict', STRICT_OPTION)
      .option('sbom', SBOM_OPTION),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).packageCmd(args, ctx),
});

export type PackageArgs = ArgsOf<typeof packageCommand>;
