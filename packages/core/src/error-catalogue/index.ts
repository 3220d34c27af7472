/**
 * The error catalogue: every permanent error code hplugin can report, by domain (one file each),
 * combined into one object. A code is never renamed, removed or reused for another meaning.
 */
import type { CatalogueEntry } from './entry.js';
import { ARTIFACT_ERRORS } from './artifact.js';
import { BUILD_ERRORS } from './build.js';
import { CLI_ERRORS } from './cli.js';
import { CONFIG_ERRORS } from './config.js';
import { CORE_ERRORS } from './core.js';
import { HOST_ERRORS } from './host.js';
import { METADATA_ERRORS } from './metadata.js';
import { PUBLISH_ERRORS } from './publish.js';
import { REGISTRY_ERRORS } from './registry.js';
import { SCAFFOLD_ERRORS } from './scaffold.js';
import { SUPPLY_CHAIN_ERRORS } from './supply-chain.js';

export type { CatalogueEntry, ExitClass } from './entry.js';

/** The domains, by name; a test checks that no code is in two of them (a later spread would hide the first). */
export const ERROR_CATALOGUE_DOMAINS = {
  core: CORE_ERRORS,
  config: CONFIG_ERRORS,
  build: BUILD_ERRORS,
  host: HOST_ERRORS,
  metadata: METADATA_ERRORS,
  artifact: ARTIFACT_ERRORS,
  registry: REGISTRY_ERRORS,
  publish: PUBLISH_ERRORS,
  scaffold: SCAFFOLD_ERRORS,
  'supply-chain': SUPPLY_CHAIN_ERRORS,
  cli: CLI_ERRORS,
} as const;

export const ERROR_CATALOGUE = {
  ...CORE_ERRORS,
  ...CONFIG_ERRORS,
  ...BUILD_ERRORS,
  ...HOST_ERRORS,
  ...METADATA_ERRORS,
  ...ARTIFACT_ERRORS,
  ...REGISTRY_ERRORS,
  ...PUBLISH_ERRORS,
  ...SCAFFOLD_ERRORS,
  ...SUPPLY_CHAIN_ERRORS,
  ...CLI_ERRORS,
} as const satisfies Record<string, CatalogueEntry>;

type Catalogue = typeof ERROR_CATALOGUE;

/** A permanent error code: a typo or an uncatalogued code does not compile. */
export type ErrorCode = keyof Catalogue;

/** The codes whose exit class is 2 (the input must change): the only ones a UsageError may carry. */
export type UsageErrorCode = { [C in ErrorCode]: Catalogue[C]['exit'] extends 2 ? C : never }[ErrorCode];

/** The generated page, relative to the repository root. */
export const ERROR_CODES_PAGE = 'docs/error-codes.md';

export type ErrorDocsAnchor<C extends ErrorCode = ErrorCode> = `${typeof ERROR_CODES_PAGE}#${Lowercase<C>}`;

/** Where a code is documented. Derived from the code (a heading per code in the page), so it cannot drift. */
export function errorDocsAnchor<C extends ErrorCode>(code: C): ErrorDocsAnchor<C> {
  return `${ERROR_CODES_PAGE}#${code.toLowerCase() as Lowercase<C>}`;
}

/** For codes that arrive at run time (the Go spec generator's diagnostics): is this one catalogued? */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}
