/**
 * The public shapes of a build: what the caller asks for and what comes back. The CLI maps the
 * user's config onto BuildOptions; library users fill it in directly.
 */
import type { Reporter } from '@hplugin/core';
import type { WasmCheckResult } from './check/types.js';

export type ToolchainName = 'go' | 'tinygo';

export interface BuildOptions {
  /** Absolute path of the plugin folder (where main.go and usually go.mod live). */
  pluginDir: string;
  /** Default 'go' (Go >= 1.24, wasip1 c-shared). 'tinygo' is the legacy Higress route. */
  toolchain?: ToolchainName;
  /** Package path relative to pluginDir. Default '.'. */
  main?: string;
  /** Absolute. Default <pluginDir>/dist/plugin.wasm. */
  output?: string;
  tags?: string[];
  ldflags?: string;
  /** Extra environment for the compiler (and part of the inputs hash). */
  env?: Record<string, string>;
  /** Extra compiler arguments, placed after hplugin's own flags so that they win. */
  args?: string[];
  goBinary?: string;
  tinygoBinary?: string;
  /** Run <pluginDir>/prepare.sh before building when present. Default true. */
  prepare?: boolean;
  /** Run Binaryen's optimizer (npm `binaryen`) on the module. Default false. */
  optimize?: boolean;
  /** Ignore the build cache. */
  force?: boolean;
  cacheDir?: string;
  /** The caller's serialized resolved config; part of the inputs hash. */
  configFingerprint?: string;
  reporter?: Reporter;
  signal?: AbortSignal;
  /** Called once the compiler is running (never on a cache hit): a caller may load what it needs next meanwhile. */
  whileCompiling?: () => void;
}

export interface ToolchainInfo {
  name: ToolchainName;
  /** e.g. go1.26.8, or 0.33.0 for TinyGo. */
  version: string;
  path: string;
}

export interface BuildResult {
  wasmPath: string;
  size: number;
  /** sha256 of the module (hex), as the build cache verified or stored it: packaging need not hash it again. */
  wasmDigest: string;
  cached: boolean;
  inputsHash: string;
  toolchain: ToolchainInfo;
  /** The compiler invocation, argv[0] first (the one that produced the module, also on a cache hit). */
  command: string[];
  check: WasmCheckResult;
  durationMs: number;
  optimized?: { before: number; after: number };
}
