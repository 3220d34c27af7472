/**
 * The client options a failure's hint may point at. The client is a library: its hints name these
 * options by their own names (LIBRARY_SPELLING), never a CLI flag or an environment variable. A
 * front end passes its own spelling to `HpluginError.hintFor` (the hplugin CLI: its flags).
 */
import type { OptionSpelling } from '@hplugin/core';

/** Every option name a hint of this package may spell; a front end's spelling should cover them all. */
export const HINT_OPTIONS = ['plainHttp', 'https', 'caFile', 'insecure', 'maxBlobSize', 'timeout', 'verbose', 'login', 'relogin'] as const;
export type HintOption = (typeof HINT_OPTIONS)[number];

export const LIBRARY_SPELLING: Readonly<Record<HintOption, OptionSpelling[string]>> = {
  plainHttp: 'plainHttp: true',
  https: 'plainHttp: false',
  caFile: 'caFile (a PEM file)',
  insecure: 'insecure: true',
  maxBlobSize: 'a larger maxBlobBytes',
  timeout: 'a larger timeoutMs (default 60000)',
  verbose: 'a reporter that shows debug output',
  login: (host) => `store credentials for ${host} (docker login writes them to the docker config), or pass a credentials provider`,
  relogin: (host) => `other credentials for ${host}`,
};

/** What the hint templates in errors.ts call: one of HINT_OPTIONS, with the host for login. */
export type Spell = (option: HintOption, arg?: string) => string;
