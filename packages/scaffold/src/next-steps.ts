/** What to do after `hplugin new`: printed by the CLI, so the library only returns the text. */
import { relative } from 'node:path';
import { OUTPUT_DEFAULTS } from '@hplugin/rules';

export interface NextStepsOptions {
  targetDir: string;
  /** Paths are shown relative to this; default process.cwd(). */
  cwd?: string;
  /** Whether go mod tidy already ran. */
  tidied?: boolean;
  /** The template's build toolchain (tinygo plugins need TinyGo installed). */
  toolchain?: 'go' | 'tinygo';
}

export function nextSteps(options: NextStepsOptions): string {
  const rel = relative(options.cwd ?? process.cwd(), options.targetDir) || '.';
  const lines = ['Next steps:'];
  if (rel !== '.') lines.push(`  cd ${rel.includes(' ') ? JSON.stringify(rel) : rel}`);
  if (!options.tidied) lines.push('  go mod tidy          # fetch the SDK modules');
  lines.push('  go test ./...        # unit tests, run natively');
  lines.push(
    options.toolchain === 'tinygo'
      ? '  hplugin build        # needs TinyGo 0.28+ on the PATH'
      : `  hplugin build        # ${OUTPUT_DEFAULTS.wasm}`,
  );
  lines.push('  hplugin test         # the cases in hplugin.test.yaml, in process');
  lines.push(`  hplugin package      # the Higress OCI image, in ${OUTPUT_DEFAULTS.oci}`);
  return lines.join('\n');
}
