export { run, VERSION } from './main.js';
export type { Context, CommandResult, Io, GlobalFlags } from './context.js';
