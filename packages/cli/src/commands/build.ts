import { defineCommand } from '../command.js';
import { withDir, withMany, type DirArgs, type ManyArgs } from './shared.js';

export interface BuildArgs extends DirArgs, ManyArgs {
  force?: boolean;
  prepare?: boolean;
}

export const buildCommand = defineCommand<BuildArgs>({
  command: 'build [dir]',
  describe: 'Compile the plugin to a checked proxy-wasm module (cached by content)',
  builder: (y) =>
    withMany(withDir(y))
      .option('force', { type: 'boolean', describe: 'Rebuild even when nothing changed' })
      .option('prepare', { type: 'boolean', describe: 'Run prepare.sh first when present (--no-prepare to skip; default: build.prepare)' }) as any,
  run: async (args, ctx) => (await import('./build-run.js')).build(args, ctx),
});

export const checkCommand = defineCommand<{ file: string }>({
  command: 'check <file>',
  describe: 'Check any .wasm file: valid, a reactor, the proxy-wasm ABI, imports a gateway provides',
  builder: (y) => y.positional('file', { type: 'string', demandOption: true, describe: 'The .wasm file' }) as any,
  run: async (args, ctx) => (await import('./build-run.js')).check(args, ctx),
});

export const doctorCommand = defineCommand<Record<string, never>>({
  command: 'doctor',
  describe: 'Show which toolchains were found (Go, TinyGo, Binaryen), their versions, and whether they are good enough',
  run: async (_args, ctx) => (await import('./doctor-run.js')).doctor(ctx),
});
