/** toolchainReport: what `hplugin doctor` shows about compilers and the optimiser. */
import { toHpluginError } from '@hplugin/core';
import type { ToolchainName } from '../options.js';
import { binaryenVersion } from '../optimize.js';
import { findToolchain, type FindToolchainOptions, type FoundToolchain } from './find.js';

export type ToolchainStatus =
  | ({ name: ToolchainName; found: true } & FoundToolchain)
  | { name: ToolchainName; found: false; error: { code: string; message: string; hint?: string } };

export interface ToolchainReport {
  go: ToolchainStatus;
  tinygo: ToolchainStatus;
  binaryen: { available: boolean; version?: string };
}

async function status(name: ToolchainName, options: FindToolchainOptions): Promise<ToolchainStatus> {
  try {
    return { name, found: true, ...(await findToolchain(name, options)) };
  } catch (err) {
    const e = toHpluginError(err);
    return { name, found: false, error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } };
  }
}

/** Never throws: every problem becomes part of the report. TinyGo missing is normal (it is legacy). */
export async function toolchainReport(options: FindToolchainOptions = {}): Promise<ToolchainReport> {
  const [go, tinygo, version] = await Promise.all([
    status('go', options),
    status('tinygo', options),
    binaryenVersion().catch(() => undefined),
  ]);
  return { go, tinygo, binaryen: version ? { available: true, version } : { available: false } };
}
