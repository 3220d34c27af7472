import { defineCommand } from '../command.js';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

export const completionCommand = defineCommand<{ shell?: Shell }>({
  command: 'completion [shell]',
  describe: 'Print a shell completion script: bash, zsh or fish (default: from $SHELL)',
  builder: (y) =>
    y
      .positional('shell', { type: 'string', choices: SHELLS, describe: 'The shell to complete in' })
      .example('hplugin completion bash >> ~/.bashrc', 'bash')
      .example('hplugin completion zsh > "${fpath[1]}/_hplugin"', 'zsh')
      .example('hplugin completion fish > ~/.config/fish/completions/hplugin.fish', 'fish') as any,
  run: async (args, ctx) => (await import('./completion-run.js')).completion(args, ctx),
});
