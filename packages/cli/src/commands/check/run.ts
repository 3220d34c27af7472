import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkWasm, MAX_MODULE_BYTES, type WasmCheckResult } from '@hplugin/build';
import { formatBytes, UsageError } from '@hplugin/core';
import type { CommandResult, Context } from '../../context.js';
import { describeCheck } from '../common/check-text.js';
import type { CheckArgs } from './spec.js';

export async function check(args: CheckArgs, ctx: Context): Promise<CommandResult> {
  const file = resolve(ctx.cwd, args.file);
  const unreadable = (err: NodeJS.ErrnoException): never => {
    throw new UsageError('CHECK_FILE_UNREADABLE', `Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}.`, {
      hint: 'Pass the path of a built .wasm module.',
    });
  };
  // A module over the gateway's limit is refused from its size: reading it whole could exhaust memory.
  const size = (await stat(file).catch(unreadable)).size;
  const result: WasmCheckResult =
    size > MAX_MODULE_BYTES
      ? {
          ok: false,
          kind: 'unknown',
          abiVersions: [],
          exports: [],
          imports: [],
          warnings: [],
          size,
          errors: [
            {
              code: 'WASM_TOO_LARGE',
              message: `${file} is ${formatBytes(size)}; the gateway's image fetcher refuses modules over ${formatBytes(MAX_MODULE_BYTES)}.`,
            },
          ],
        }
      : checkWasm(await readFile(file).catch(unreadable), file);
  for (const w of result.warnings) ctx.reporter.warn(w.message, w.code);
  const lines = result.ok
    ? [`✓ ${args.file} passes (${formatBytes(result.size)}; ${describeCheck(result)})`]
    : [`✗ ${args.file} would not load on a Higress gateway:`, ...result.errors.map((e) => `  [${e.code}] ${e.message}`)];
  return { exitCode: result.ok ? 0 : 1, data: { file, check: result }, text: lines.join('\n') };
}
