/**
 * A command is an argument spec (cheap, loaded at start-up for --help) plus a `run` that imports its
 * implementation lazily, so that `hplugin --help` never loads the build, OCI or host packages.
 */
import type { Argv } from 'yargs';
import type { CommandResult, Context, GlobalFlags } from './context.js';

export interface CommandSpec<A = Record<string, unknown>> {
  command: string | readonly string[];
  describe: string;
  builder?: (yargs: Argv<GlobalFlags>) => Argv<A>;
  run: (args: A & GlobalFlags, ctx: Context) => Promise<CommandResult>;
  /** Nested subcommands (e.g. `config show`, `config validate`). */
  subcommands?: CommandSpec<any>[];
}

export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
