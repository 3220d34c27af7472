/**
 * Exports: reactor or command, and the proxy-wasm ABI surface the host calls into.
 */
import { CORE_ENTRY_POINTS, HTTP_ENTRY_POINTS } from './host-functions.js';
import type { ErrorFinding, Finding, WasmCheckResult, WasmExport } from './types.js';

const ABI_RE = /^proxy_abi_version_(\d+)_(\d+)_(\d+)$/;

export function abiVersions(exports: WasmExport[]): string[] {
  return exports.flatMap((e) => {
    const m = ABI_RE.exec(e.name);
    return m ? [`${m[1]}.${m[2]}.${m[3]}`] : [];
  });
}

export function moduleKind(names: Set<string>): WasmCheckResult['kind'] {
  if (names.has('_initialize')) return 'reactor';
  if (names.has('_start')) return 'command';
  return 'unknown';
}

/**
 * A Go (gc) command module runs main and then proc_exit inside _start, which the gateway refuses
 * with `restricted_callback` (higress#3268). TinyGo's wasi target also exports only _start, but its
 * _start returns after main, and proxy-wasm-cpp-host calls _start for such modules; so a command
 * module from another compiler is a warning, and one from Go (it carries a go:buildid section) an error.
 */
export function checkReactor(kind: WasmCheckResult['kind'], builtByGo: boolean, name: string): { error?: ErrorFinding; warning?: Finding } {
  const fix =
    'Build it with -buildmode=c-shared (hplugin build does): GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm ./';
  if (kind === 'command' && builtByGo) {
    return {
      error: {
        code: 'WASM_NOT_REACTOR',
        message:
          `${name} is a WASI command (exports _start, not _initialize): it was built without -buildmode=c-shared. ` +
          `The gateway would fail to start it with "restricted_callback" (higress#3268). ${fix}.`,
      },
    };
  }
  if (kind === 'command') {
    return {
      warning: {
        code: 'WASM_COMMAND_MODULE',
        message: `${name} exports _start but not _initialize. That works for TinyGo builds, whose _start returns after main; a Go 1.24+ module must be a reactor. ${fix}.`,
      },
    };
  }
  if (kind === 'unknown') {
    return {
      error: {
        code: 'WASM_NOT_REACTOR',
        message: `${name} exports neither _initialize nor _start, so the host has no way to initialise it. ${fix}.`,
      },
    };
  }
  return {};
}

export function checkProxyAbi(exports: WasmExport[], name: string): { errors: ErrorFinding[]; warnings: Finding[] } {
  const names = new Set(exports.map((e) => e.name));
  const versions = abiVersions(exports);
  const missing: string[] = [];
  if (!versions.some((v) => v.startsWith('0.2.'))) {
    missing.push(
      versions.length
        ? `a proxy_abi_version_0_2_* export (it only has ${versions.map((v) => `proxy_abi_version_${v.replaceAll('.', '_')}`).join(', ')})`
        : 'a proxy_abi_version_0_2_* export',
    );
  }
  if (!names.has('proxy_on_memory_allocate') && !names.has('malloc')) missing.push('proxy_on_memory_allocate (or malloc)');
  if (!exports.some((e) => e.name === 'memory' && e.kind === 'memory')) missing.push('an exported memory named "memory"');
  const entries = CORE_ENTRY_POINTS.filter((n) => !names.has(n));
  if (entries.length) missing.push(entries.join(', '));
  const errors: ErrorFinding[] = missing.length
    ? [
        {
          code: 'WASM_NOT_PROXY_WASM',
          message: `${name} is not a proxy-wasm plugin: it lacks ${missing.join('; ')}. Build it with a proxy-wasm SDK (github.com/higress-group/wasm-go).`,
        },
      ]
    : [];
  const warnings: Finding[] =
    !missing.length && !HTTP_ENTRY_POINTS.some((n) => names.has(n))
      ? [
          {
            code: 'WASM_NO_HTTP_CALLBACKS',
            message: `${name} exports no HTTP callbacks (${HTTP_ENTRY_POINTS.join(', ')}): it will not see any request.`,
          },
        ]
      : [];
  return { errors, warnings };
}
