/**
 * Every command's argument spec. Keep this list cheap to import: implementations are loaded by each
 * spec's `run` on demand.
 */
import type { CommandSpec } from '../command.js';
import { completionCommand } from './completion.js';
import { configCommand } from './config.js';
import { buildCommand, checkCommand, doctorCommand } from './build.js';
import { runCommand, testCommand } from './harness.js';
import { newCommand } from './new.js';
import { specCommand } from './spec.js';
import { keyCommand, signCommand, verifyCommand } from './supply-chain.js';
import { inspectCommand, loginCommand, logoutCommand, manifestCommand, packageCommand, publishCommand, pullCommand } from './registry.js';

export const COMMANDS: CommandSpec<any>[] = [
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
