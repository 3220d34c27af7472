/** Creating plugins from templates (@hplugin/scaffold). */
import type { CatalogueEntry } from './entry.js';

export const SCAFFOLD_ERRORS = {
  SCAFFOLD_ARCHIVE_INVALID: {
    exit: 2,
    message: '<file> is not a readable .tar.gz archive: <message>.',
    hint: 'Create it with `tar czf template.tar.gz -C <template-folder> .` and try again.',
  },
  SCAFFOLD_ARCHIVE_TOO_LARGE: {
    exit: 2,
    message: 'Refused the template archive <file>: <why>, too large for a template.',
    hint: 'Nothing was extracted. A template must be small: check that the archive is the template you meant.',
  },
  SCAFFOLD_ARCHIVE_UNSAFE: {
    exit: 2,
    message: 'Refused the template archive <file>: <bad><more>.',
    hint: 'Nothing was extracted. Only use templates you trust; a template archive holds plain files with relative paths.',
  },
  SCAFFOLD_CI_PROVIDER: {
    exit: 2,
    message: 'hplugin has no CI workflow for "<provider>".',
    hint: 'Pick one of the CI providers `hplugin new --help` lists (or none).',
  },
  SCAFFOLD_GO_NOT_FOUND: {
    exit: 1,
    message: 'Could not run <go>: <found>. The plugin files were written and kept in <dir>.',
    hint: 'Install Go 1.24 or newer (or set build.go), then run `go mod tidy` in the new plugin folder.',
  },
  SCAFFOLD_INVALID_VALUE: {
    exit: 2,
    message: 'Invalid value for "<parameter>": <value> (<where it came from>). Allowed: <allowed>.',
    hint: 'Pass a value of the form the message asks for.',
  },
  SCAFFOLD_MISSING_VALUE: {
    exit: 2,
    message: 'Missing <values> for <names> (template "<template-id>"), and hplugin does not prompt when it is not interactive.',
    hint: 'Pass the missing values as flags (or put them in a --values-file), or run in a terminal to be asked.',
  },
  SCAFFOLD_PATH_ESCAPE: {
    exit: 2,
    message: 'The template "<id>" would write <path>, outside the new plugin folder.',
    hint: 'Nothing was written. Check the values used in file names, or the template.',
  },
  SCAFFOLD_TARGET_NOT_EMPTY: {
    exit: 2,
    message: '<path> already exists.',
    hint: 'Pick a new folder, or pass --force to replace it.',
  },
  SCAFFOLD_TEMPLATE_INVALID: {
    exit: 2,
    message: 'The template <template> is not a valid template: <why>.',
    hint: 'Fix the template (see the scaffold README for its layout), or pick another one.',
  },
  SCAFFOLD_TEMPLATE_KIND: {
    exit: 2,
    message: 'The template "<id>" is a <kind> template, not a <wanted> template.',
    hint: 'Pick a template of the kind the command asks for (see hplugin new --list).',
  },
  SCAFFOLD_TEMPLATE_NOT_FOUND: {
    exit: 2,
    message: 'The template <template> does not exist.',
    hint: 'Pick one of the templates `hplugin new --list` shows, or check the path to the .tar.gz file.',
  },
  SCAFFOLD_TIDY_FAILED: {
    exit: 1,
    message: 'go mod tidy failed in <dir> (exit <exit-code>); the plugin files were written and kept:',
    hint: 'Fix the cause shown above (network, GOPROXY, GONOSUMDB/GOPRIVATE, or go.mod), then run `go mod tidy` in the new plugin folder.',
  },
  SCAFFOLD_UNKNOWN_PARAMETER: {
    exit: 2,
    message: 'The template "<template-id>" has no parameter "<name>".',
    hint: 'Use one of the parameters the template lists (hplugin new --list).',
  },
  SCAFFOLD_VALUES_FILE_INVALID: {
    exit: 2,
    message: 'The values file <file> is not YAML or JSON: <why>.',
    hint: 'Write one `parameter: value` per line, e.g. `category: auth`.',
  },
  SCAFFOLD_VALUES_FILE_UNREADABLE: {
    exit: 2,
    message: 'Cannot read the values file <file>: <message>.',
    hint: 'Check the path given to --values-file.',
  },
} as const satisfies Record<string, CatalogueEntry>;
