import { join } from 'node:path';
import { OUTPUT_DEFAULTS } from '@hplugin/rules';
import type { BuildOptions } from './options.js';

export function outputPath(options: Pick<BuildOptions, 'pluginDir' | 'output'>): string {
  return options.output ?? join(options.pluginDir, OUTPUT_DEFAULTS.wasm);
}
