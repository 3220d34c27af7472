/**
 * Completion scripts. Each asks hplugin itself for the candidates (`hplugin --get-yargs-completions
 * <words…>`, answered by yargs from the same command specs as --help), so they never go stale.
 * yargs writes bash and zsh scripts of its own; fish it lacks, so all three are written here alike.
 */
import { basename } from 'node:path';
import { UsageError } from '@hplugin/core';
import type { CommandResult, Context } from '../../context.js';
import { SHELLS, type CompletionArgs, type Shell } from './spec.js';

const SCRIPTS: Record<Shell, string> = {
  bash: `# hplugin completion for bash. Install: hplugin completion bash >> ~/.bashrc
_hplugin_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n' candidates
  candidates=$(SHELL=/bin/bash hplugin --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _hplugin_completions hplugin
`,
  zsh: `#compdef hplugin
# hplugin completion for zsh. Install: hplugin completion zsh > "\${fpath[1]}/_hplugin" (then compinit),
# or: source <(hplugin completion zsh)
_hplugin() {
  local -a candidates
  candidates=("\${(@f)$(SHELL=/bin/zsh hplugin --get-yargs-completions "\${words[@]:0:$CURRENT}" 2>/dev/null)}")
  _describe 'hplugin' candidates
}
compdef _hplugin hplugin
`,
  fish: `# hplugin completion for fish. Install: hplugin completion fish > ~/.config/fish/completions/hplugin.fish
function __hplugin_complete
    env SHELL=/bin/bash hplugin --get-yargs-completions (commandline -opc) (commandline -ct) 2>/dev/null
end
complete -c hplugin -f -a '(__hplugin_complete)'
`,
};

function isShell(name: string): name is Shell {
  return SHELLS.some((shell) => shell === name);
}

export async function completion(args: CompletionArgs, ctx: Context): Promise<CommandResult> {
  const shell = args.shell ?? basename(ctx.io.env.SHELL ?? '');
  if (!isShell(shell)) {
    throw new UsageError(
      'COMPLETION_SHELL_UNKNOWN',
      `Cannot tell which shell to write completion for (SHELL is ${JSON.stringify(ctx.io.env.SHELL ?? '')}).`,
      {
        hint: 'Name it: hplugin completion bash, zsh or fish.',
      },
    );
  }
  return { data: { shell, script: SCRIPTS[shell] }, text: SCRIPTS[shell] };
}
