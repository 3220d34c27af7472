/** The in-process proxy-wasm host (@hplugin/host): hplugin test and run. */
import type { CatalogueEntry } from './entry.js';

export const HOST_ERRORS = {
  HOST_CONFIGURE_FAILED: {
    exit: 2,
    message: 'The plugin rejected its configuration (proxy_on_configure returned false).',
    hint: 'Read the plugin log above: the SDK logs why parseConfig failed. Fix the config (or the parser) and run again.',
  },
  HOST_NOT_PROXY_WASM: {
    exit: 2,
    message: '<source> is not a proxy-wasm plugin: it exports no proxy_abi_version_* marker or no proxy_on_memory_allocate.',
    hint: 'Build it with a proxy-wasm SDK (github.com/higress-group/wasm-go for Go).',
  },
  HOST_NOT_REACTOR: {
    exit: 2,
    message:
      '<source> is a WASI command module (it exports _start but not _initialize), not a reactor. It was built without -buildmode=c-shared; the gateway would reject it with "restricted_callback" (higress#3268).',
    hint: 'Build with: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o main.wasm ./ (hplugin build does this).',
  },
  HOST_START_FAILED: {
    exit: 2,
    message: 'The plugin rejected its VM configuration (proxy_on_vm_start returned false).',
    hint: 'Read the plugin log above: the SDK logs why parseConfig failed. Fix the config (or the parser) and run again.',
  },
  HOST_TEST_CASE_NOT_FOUND: {
    exit: 2,
    message: 'No case name contains <case>.',
    hint: 'Pass part of one of the names above to --case (the match is case-sensitive), or leave --case out to run them all.',
  },
  HOST_TEST_FILE_INVALID: {
    exit: 2,
    message: '<file> does not match the hplugin.test.yaml schema: <problems>',
    hint: 'Fix the keys listed above; the schema is documented in the hplugin README and exported as testFileJsonSchema.',
  },
  HOST_TRAP: {
    exit: 1,
    message: 'The plugin panicked, exited or trapped in <phase>: <panic>',
    hint: 'The VM is dead after a trap, as it would be on the gateway. Fix the plugin (the plugin stderr shows where), rebuild, and run again.',
  },
  HOST_VM_DEAD: {
    exit: 1,
    message: 'The plugin VM died earlier; <phase> cannot run.',
    hint: 'Create a new host (createHost) after a HOST_TRAP.',
  },
  HOST_WASM_INVALID: {
    exit: 2,
    message: '<source> is not a valid WebAssembly module, or cannot be instantiated: <why>.',
    hint: 'Point at the .wasm the build produced (GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared), built with the Higress Go SDK.',
  },
  HOST_WASM_NOT_FOUND: {
    exit: 2,
    message: 'Cannot read the plugin module <path>: <message>.',
    hint: 'Build the plugin first (hplugin build), or pass the path of a .wasm file.',
  },
} as const satisfies Record<string, CatalogueEntry>;
