import { readFileSync } from 'node:fs';

/** This hplugin's version, from its package.json (one file up from dist/, in the workspace and when installed). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
