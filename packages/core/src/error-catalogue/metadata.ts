/** spec.yaml, its Go annotations and the Go spec generator, WasmPlugin resources (@hplugin/metadata). */
import type { CatalogueEntry } from './entry.js';

export const METADATA_ERRORS = {
  SPEC_ANNOTATION_INVALID: {
    exit: 2,
    message: '<file>:<line>: <what is wrong with the annotation>',
    hint: 'Fix the annotation in the Go doc comment at that line (see the metadata README for the annotation syntax).',
  },
  SPEC_CONFIG_STRUCT_AMBIGUOUS: {
    exit: 2,
    message: 'More than one struct could be the plugin config: <structs>.',
    hint: 'Keep the plugin annotations on one config struct only.',
  },
  SPEC_CONFIG_STRUCT_NOT_FOUND: {
    exit: 2,
    message: "Found no plugin config struct: no struct's doc comment carries @Name or @Category.",
    hint: 'Add `// @Name <plugin-name>` to the doc comment of your config struct, or register it with wrapper.ParseConfigBy(parseConfig) where parseConfig takes `config *MyConfig`.',
  },
  SPEC_EXAMPLE_INVALID: {
    exit: 2,
    message: 'The spec.yaml example does not match its schema: <problems>',
    hint: 'Fix the @Example, or the field types and tags it disagrees with.',
  },
  SPEC_FILE_INVALID: {
    exit: 2,
    message: '<spec.yaml> is not YAML, or not a Higress spec.yaml: <why>',
    hint: 'Fix spec.yaml, or delete it to have hplugin generate one from the Go annotations.',
  },
  SPEC_GENERATOR_FAILED: {
    exit: 1,
    message: 'The spec generator failed: <why>',
    hint: 'Run again with --verbose; if the Go sources build, this is a bug in hplugin: report the output.',
  },
  SPEC_GO_NOT_FOUND: {
    exit: 2,
    message: 'Cannot run `<go> env GOVERSION`: <why>',
    hint: 'Install Go 1.24 or newer (https://go.dev/dl/), or point build.go in the plugin config at the go binary.',
  },
  SPEC_GO_PARSE: {
    exit: 2,
    message: '<file>: Go syntax error: <error>.',
    hint: 'Fix the syntax error; `go build` shows it too.',
  },
  SPEC_GO_SOURCE_NOT_FOUND: {
    exit: 2,
    message: 'No Go source files in <dir>.',
    hint: 'Run from the plugin folder, or point main at the folder of the main package.',
  },
  WASMPLUGIN_INVALID_INPUT: {
    exit: 2,
    message: '<input> is not valid for a WasmPlugin resource: <why>.',
    hint: 'Fix the value named in the message (plugin name, oci:// URL, digest or priority).',
  },
} as const satisfies Record<string, CatalogueEntry>;
