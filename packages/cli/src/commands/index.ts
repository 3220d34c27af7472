/**
 * Every command's argument spec, in the order `hplugin --help` lists them. Keep this list cheap to
 * import: each spec's `run` loads its implementation (the run.ts beside it) on demand, and the
 * load test (load.test.ts) checks what each command imports.
 */
import type { Command } from '../command.js';
import { buildCommand } from './build/spec.js';
import { checkCommand } from './check/spec.js';
import { completionCommand } from './completion/spec.js';
import { configCommand } from './config/spec.js';
import { doctorCommand } from './doctor/spec.js';
import { inspectCommand } from './inspect/spec.js';
import { keyCommand } from './key/spec.js';
import { loginCommand } from './login/spec.js';
import { logoutCommand } from './logout/spec.js';
import { manifestCommand } from './manifest/spec.js';
import { newCommand } from './new/spec.js';
import { packageCommand } from './package/spec.js';
import { publishCommand } from './publish/spec.js';
import { pullCommand } from './pull/spec.js';
import { runCommand } from './run/spec.js';
import { signCommand } from './sign/spec.js';
import { specCommand } from './spec/spec.js';
import { testCommand } from './test/spec.js';
import { verifyCommand } from './verify/spec.js';

export const COMMANDS: readonly Command[] = [
  newCommand,
  buildCommand,
  packageCommand,
  publishCommand,
  testCommand,
  runCommand,
  inspectCommand,
  pullCommand,
  signCommand,
  verifyCommand,
  keyCommand,
  loginCommand,
  logoutCommand,
  specCommand,
  manifestCommand,
  checkCommand,
  configCommand,
  doctorCommand,
  completionCommand,
];
