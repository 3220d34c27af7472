import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

export const completionCommand = defineCommand({
  command: 'completion [shell]',
  describe: 'Print a shell completion script: bash, zsh or fish (default: from $SHELL)',
  builder: (y) =>
    y
      .positional('shell', { type: 'string', choices: SHELLS, describe: 'The shell to complete in' })
      .example('hplugin completion bash >> ~/.bashrc', 'bash')
      .example('hplugin completion zsh > "${fpath[1]}/_hplugin"', 'zsh')
      .example('hplugin completion fish > ~/.config/fish/completions/hplugin.fish', 'fish'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).completion(args, ctx),
});

export type CompletionArgs = ArgsOf<typeof completionCommand>;
