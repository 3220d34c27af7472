/**
 * The flags and variables that set what a library hint names. @hplugin/oci words its hints with
 * its own option names (it is a library); the CLI prints them as the flags a user types.
 * A type-only import, so printing an error never loads the network stack.
 */
import type { OptionSpelling } from '@hplugin/core';
import type { HintOption } from '@hplugin/oci';

export const CLI_OPTION_SPELLING = {
  plainHttp: '--plain-http',
  https: '--plain-http=false (or an https:// prefix on the registry)',
  caFile: '--ca-file <ca.pem>',
  insecure: '--insecure',
  maxBlobSize: '--max-blob-size <MiB>',
  timeout: '--timeout <seconds> (default 60)',
  verbose: '--verbose',
  login: (host: string) => `hplugin login ${host} (or set HPLUGIN_REGISTRY_USERNAME and HPLUGIN_REGISTRY_PASSWORD)`,
  relogin: (host: string) => `hplugin login ${host}`,
} satisfies Record<HintOption, OptionSpelling[string]>;
