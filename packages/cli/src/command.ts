/**
 * A command is an argument spec (cheap, loaded at start-up for --help) plus a `run` that imports its
 * implementation lazily, so that `hplugin --help` never loads the build, OCI or host packages.
 *
 * The arguments' type is inferred from the builder's option definitions, never written by hand: the
 * implementation takes `ArgsOf<typeof xCommand>`, so an option renamed in the spec is a type error
 * where the implementation reads it.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CommandResult, Context, GlobalFlags } from './context.js';

export interface CommandSpec<A extends GlobalFlags> {
  command: string | readonly string[];
  describe: string;
  builder: (yargs: Argv<GlobalFlags>) => Argv<A>;
  /**
   * Imports the implementation (run.ts) and calls it. Declare its return type,
   * `async (args, ctx): Promise<CommandResult> => …`: inferred, the spec's type would depend on the
   * implementation's, whose argument type is the spec's (a circular type).
   */
  run: (args: ArgumentsCamelCase<A>, ctx: Context) => Promise<CommandResult>;
  /** Nested subcommands (e.g. `config show`, `config validate`). */
  subcommands?: readonly Command[];
}

/** Runs a parsed command: builds the context from the global flags, runs, prints the result. */
export type Dispatch = (args: GlobalFlags, run: (ctx: Context) => Promise<CommandResult>) => Promise<void>;

/**
 * A command as the parser sees it, its argument type erased: COMMANDS lists commands of different
 * argument types, and each one registers itself with the types it was defined with.
 */
export interface Command {
  readonly command: string | readonly string[];
  readonly describe: string;
  /** Its subcommands, for what lists every command word (the help screens' generator and test). */
  readonly subcommands?: readonly Command[];
  attach<T extends GlobalFlags>(parser: Argv<T>, dispatch: Dispatch): Argv<T>;
}

export interface TypedCommand<A extends GlobalFlags> extends Command {
  readonly spec: CommandSpec<A>;
}

/** What a command's implementation receives: every option, under its camelCase name too. */
export type ArgsOf<C> = C extends TypedCommand<infer A> ? ArgumentsCamelCase<A> : never;

/** `changed-since` → `changedSince`, as yargs spells a dashed option for the handler. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The options an option group (`withDir`, `withConnection`, …) adds, as implementations read them. */
export type OptionsOf<Group> = Group extends (y: Argv<GlobalFlags>, ...rest: never[]) => Argv<infer A>
  ? { [K in keyof A as K extends keyof GlobalFlags ? never : K extends string ? CamelCase<K> : never]?: A[K] }
  : never;

export function defineCommand<A extends GlobalFlags>(spec: CommandSpec<A>): TypedCommand<A> {
  return {
    command: spec.command,
    describe: spec.describe,
    ...(spec.subcommands ? { subcommands: spec.subcommands } : {}),
    spec,
    attach: (parser, dispatch) =>
      parser.command({
        command: spec.command,
        describe: spec.describe,
        builder: (y) => {
          let built = spec.builder(y);
          for (const sub of spec.subcommands ?? []) built = sub.attach(built, dispatch);
          return built;
        },
        handler: (args) => dispatch(args, (ctx) => spec.run(args, ctx)),
      }),
  };
}
