/** Building a plugin and checking the module (@hplugin/build). */
import type { CatalogueEntry } from './entry.js';

export const BUILD_ERRORS = {
  BUILD_BAD_OPTIONS: {
    exit: 2,
    message: 'The build options are invalid: <why>.',
    hint: 'Pass an absolute plugin folder and valid build options (this is a bug in the caller).',
  },
  BUILD_CANCELLED: {
    exit: 1,
    message: 'The build was cancelled before it finished; the previous output is untouched.',
    hint: 'Run the build again.',
  },
  BUILD_FAILED: {
    exit: 1,
    message: '<tool> build failed (<why>): <compiler output>',
    hint: 'Fix the errors the compiler printed above, then build again.',
  },
  BUILD_MODULE_FETCH_FAILED: {
    exit: 1,
    message: "<tool> could not download or verify the plugin's Go modules (<modules>): <output>",
    hint: 'Check the network and GOPROXY; for private modules set GOPRIVATE (and GONOSUMDB) to their paths.',
  },
  GO_MOD_NEEDS_NEWER_GO: {
    exit: 1,
    message: 'go.mod needs Go <version>, newer than the toolchain <local>.',
    hint: 'Install a newer Go, or set GOTOOLCHAIN=auto to let Go fetch the version go.mod names.',
  },
  GO_MOD_NOT_FOUND: {
    exit: 2,
    message: 'No go.mod in <main-dir> or any folder above it, so Go cannot build it as a module.',
    hint: 'Run `go mod init <module-path>` and `go mod tidy` in the plugin folder.',
  },
  OPTIMIZE_FAILED: {
    exit: 1,
    message: 'wasm-opt failed (<exit-code>):',
    hint: 'Build without optimize; the unoptimised module is fine to ship. Report the output if it persists.',
  },
  OPTIMIZER_NOT_FOUND: {
    exit: 1,
    message: 'The npm package "binaryen" is not installed, so the module cannot be optimised.',
    hint: 'Reinstall hplugin (binaryen is one of its dependencies), or turn build.optimize off.',
  },
  PLUGIN_DIR_NOT_FOUND: {
    exit: 2,
    message: 'The plugin folder <plugin-dir> does not exist.',
    hint: 'Run hplugin from the plugin folder, or pass --cwd.',
  },
  PREPARE_FAILED: {
    exit: 1,
    message: 'prepare.sh failed (<exit-code>):',
    hint: 'Fix prepare.sh, or skip it with build.prepare: false (--no-prepare) if the plugin does not need it.',
  },
  TOOLCHAIN_BROKEN: {
    exit: 1,
    message: '<file> <args> failed (exit <code>): <output>',
    hint: 'Check that the toolchain runs from a terminal; reinstall it if it does not.',
  },
  TOOLCHAIN_NOT_FOUND: {
    exit: 1,
    message: 'Could not find <name>: <detail>',
    hint: 'Install the toolchain and put it on PATH, or point build.go (or build.tinygo) at the binary.',
  },
  TOOLCHAIN_TOO_OLD: {
    exit: 1,
    message: 'Go <local> at <path> is too old: need >= 1.24 for wasip1 c-shared.',
    hint: 'Install Go 1.24+ or set build.go in hplugin.config.yaml to a newer go binary, or GOTOOLCHAIN=go1.24.0+auto to let Go fetch one.',
  },
  TOOLCHAIN_VERSION_UNKNOWN: {
    exit: 1,
    message: 'Could not read the version of <path>.',
    hint: 'Run `go version` yourself to see what it prints.',
  },
  WASM_FOREIGN_IMPORT: {
    exit: 1,
    message: 'The built module <file> would not load on the gateway: <name> imports what no proxy-wasm host provides: <imports>.',
    hint: 'Only env.proxy_* host functions and wasi_snapshot_preview1 can be linked: remove the other imports.',
  },
  WASM_INVALID: {
    exit: 1,
    message: 'The built module <file> would not load on the gateway: <name> is not a valid WebAssembly module.',
    hint: 'Fix the build settings named above; hplugin left the previous output untouched.',
  },
  WASM_NOT_PROXY_WASM: {
    exit: 1,
    message: 'The built module <file> would not load on the gateway: <name> is not a proxy-wasm plugin.',
    hint: 'Build it with a proxy-wasm SDK (github.com/higress-group/wasm-go).',
  },
  WASM_NOT_REACTOR: {
    exit: 1,
    message: 'The built module <file> would not load on the gateway: <name> is a WASI command (exports _start, not _initialize).',
    hint: 'Build with -buildmode=c-shared (hplugin build does): GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm ./',
  },
  WASM_TOO_LARGE: {
    exit: 1,
    message:
      "The built module <file> would not load on the gateway: <name> is <size>; the gateway's image fetcher refuses modules over 256 MiB.",
    hint: 'Make the module smaller (strip debug info, drop dependencies, optimise with wasm-opt).',
  },
} as const satisfies Record<string, CatalogueEntry>;
