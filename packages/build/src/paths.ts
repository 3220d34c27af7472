import { join } from 'node:path';
import { OUTPUT_DEFAULTS } from '@hplugin/rules';
import type { BuildOptions } from './options.js';

// The cache folder is core's (the publish fast path finds it without loading this package).
export { defaultCacheDir } from '@hplugin/core';

export function outputPath(options: Pick<BuildOptions, 'pluginDir' | 'output'>): string {
  return options.output ?? join(options.pluginDir, OUTPUT_DEFAULTS.wasm);
}
