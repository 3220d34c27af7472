import { toolchainReport, type ToolchainStatus } from '@hplugin/build';
import type { CommandResult, Context } from '../../context.js';
import { VERSION } from '../../version.js';

function line(name: string, s: ToolchainStatus, required: boolean): string {
  if (s.found) return `✓ ${name.padEnd(8)} ${s.version.padEnd(10)} ${s.path}`;
  return `${required ? '✗' : '-'} ${name.padEnd(8)} ${'missing'.padEnd(10)} ${s.error.message}${s.error.hint ? `\n  ${s.error.hint}` : ''}`;
}

export async function doctor(ctx: Context): Promise<CommandResult> {
  const report = await toolchainReport({ env: {}, reporter: ctx.reporter });
  const text = [
    `hplugin ${VERSION} on Node ${process.versions.node} (${process.platform}-${process.arch})`,
    line('go', report.go, true),
    line('tinygo', report.tinygo, false),
    report.binaryen.available
      ? `✓ binaryen ${report.binaryen.version} (build.optimize)`
      : '- binaryen  not available (build.optimize is off without it)',
    report.go.found
      ? '\nReady: Go can build Higress plugins (wasip1, c-shared).'
      : '\nNot ready: install Go 1.24 or newer to build plugins.',
  ].join('\n');
  return { exitCode: report.go.found ? 0 : 1, data: { hplugin: VERSION, node: process.versions.node, ...report }, text };
}
