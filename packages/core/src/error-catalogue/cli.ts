/** Command-line usage and commands of the hplugin CLI (hplugin, @hplugin/pipeline). */
import type { CatalogueEntry } from './entry.js';

export const CLI_ERRORS = {
  CHECK_FILE_UNREADABLE: {
    exit: 2,
    message: 'Cannot read <file>: <message>.',
    hint: 'Pass the path of a built .wasm module.',
  },
  COMPLETION_SHELL_UNKNOWN: {
    exit: 2,
    message: 'Cannot tell which shell to write completion for (SHELL is <shell>).',
    hint: 'Name it: hplugin completion bash, zsh or fish.',
  },
  GIT_REF_UNKNOWN: {
    exit: 2,
    message: 'git does not know the ref "<ref>": <stderr>',
    hint: 'Pass a branch, tag or commit that exists locally (in CI, fetch enough history, e.g. fetch-depth: 0).',
  },
  GIT_UNAVAILABLE: {
    exit: 2,
    message: '--changed-since needs a git repository, but <root> is not inside one.',
    hint: 'Run from a git checkout, or drop --changed-since.',
  },
  INSPECT_LAYOUT_NOT_FOUND: {
    exit: 2,
    message: 'There is no OCI layout at <dir>: the folder does not exist.',
    hint: 'Run `hplugin package` first, or pass a registry reference with a host (ghcr.io/org/plugin:1.0.0, localhost:5000/plugin:1.0.0); a target without a host is read as a path.',
  },
  LOGIN_CREDENTIALS_MISSING: {
    exit: 2,
    message: 'No password for <registry>, and this is not an interactive terminal to ask on.',
    hint: 'Pass -u <user> --password-stdin (e.g. echo "$TOKEN" | hplugin login <registry> -u me --password-stdin), or set HPLUGIN_REGISTRY_USERNAME and HPLUGIN_REGISTRY_PASSWORD.',
  },
  MANIFEST_GATEWAY_WOULD_REJECT: {
    exit: 1,
    message: 'Not writing a WasmPlugin for <what>: a Higress gateway would reject it. <reason>',
    hint: '`hplugin inspect <target>` lists every problem; pass --force to print the resource anyway.',
  },
  MANIFEST_NOT_FOUND: {
    exit: 2,
    message: '<target> does not exist in the registry.',
    hint: 'Check the reference, or publish first.',
  },
  MANIFEST_NOT_PACKAGED: {
    exit: 2,
    message: '<name>:<version> is not packaged yet, so there is no manifest digest to pin.',
    hint: 'Run `hplugin package` (or `hplugin publish`) first.',
  },
  MANIFEST_VERIFY_NEEDS_REFERENCE: {
    exit: 2,
    message: '--verify checks a signature in a registry, and the target is a local plugin folder.',
    hint: 'Pass the registry reference: hplugin manifest <registry>/<repo>:<tag> --verify --key cosign.pub.',
  },
  RUN_CONFIG_INVALID: {
    exit: 2,
    message: '--config is neither JSON nor YAML: <why>',
    hint: 'Pass e.g. --config \'{"header":"hi"}\' or --config @config.json.',
  },
  RUN_FILE_UNREADABLE: {
    exit: 2,
    message: 'Cannot read <path>.',
    hint: 'Check the path after "@".',
  },
  SELF_PACK_FAILED: {
    exit: 1,
    message: "Could not pack the running hplugin (<package-root>) for the new repository's vendor/ folder.",
    hint: "Check that npm is on PATH (from a checkout: run `npm run build` first), or add hplugin to the new repository's devDependencies yourself.",
  },
  USAGE: {
    exit: 2,
    message: '<flag or argument> is not valid: <why>.',
    hint: 'Run hplugin <command> --help to see the accepted flags and arguments.',
  },
  VERSION_FLAG_WITH_MANY: {
    exit: 2,
    message: '--version sets the version of one plugin, but this run selects a workspace (--all, --filter or --changed-since).',
    hint: 'Drop --version (each plugin takes its own from its config, VERSION file or wasm-go-<name>-vX.Y.Z tag), or run on one plugin folder.',
  },
  WORKSPACE_FILTER_EMPTY: {
    exit: 2,
    message: '--filter <patterns> matches none of the <count> plugins.',
    hint: 'Run hplugin with --all to see the plugins of the workspace, and fix the --filter pattern.',
  },
} as const satisfies Record<string, CatalogueEntry>;
