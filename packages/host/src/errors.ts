/**
 * The host's errors. Their codes are permanent and catalogued in @hplugin/core (docs/error-codes.md).
 */
import { ERROR_CATALOGUE_DOMAINS, HpluginError, UsageError } from '@hplugin/core';
import type { CapturedOutput } from './wasi.js';
import type { LogEntry } from './state.js';

/** The host's codes: the host domain of the error catalogue in @hplugin/core (one list, not a copy). */
export type HostErrorCode = keyof typeof ERROR_CATALOGUE_DOMAINS.host;
export const HOST_ERROR_CODES = Object.keys(ERROR_CATALOGUE_DOMAINS.host) as readonly HostErrorCode[];

/** The last lines of a capture, so an error message stays readable. */
function tail(text: string, lines = 40): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/** Go prints `panic: <value>` (or `fatal error: ...`) to fd 2 before it exits with code 2. */
export function panicText(stderr: string): string | undefined {
  const match = /^(?:panic|fatal error): (.*)$/m.exec(stderr);
  return match?.[1]?.replace(/ \[recovered\]$/, '');
}

export function trapError(phase: string, cause: unknown, output: CapturedOutput, logs: readonly LogEntry[]): HpluginError {
  const panic = panicText(output.stderr);
  const exitCode = (cause as { exitCode?: number }).exitCode;
  const what = panic
    ? `The plugin panicked in ${phase}: ${panic}`
    : exitCode !== undefined
      ? `The plugin exited with code ${exitCode} in ${phase}.`
      : `The plugin trapped in ${phase}: ${(cause as Error).message ?? String(cause)}.`;
  const stderr = tail(output.stderr);
  return new HpluginError('HOST_TRAP', stderr ? `${what}\nPlugin stderr:\n${stderr}` : what, {
    hint: trapHint(stderr),
    cause,
    details: { phase, panic, exitCode, stdout: output.stdout, stderr: output.stderr, logs: logs.map((l) => `[${l.level}] ${l.message}`) },
  });
}

/** Point at a stack only when one is printed: Go prints goroutine traces to stderr, wasm traps print none. */
function trapHint(printedStderr: string): string {
  const where = /^goroutine \d+ \[/m.test(printedStderr)
    ? 'the goroutine stack in the plugin stderr above shows where'
    : printedStderr
      ? 'the plugin stderr above is all it printed; log more in the failing callback to find where'
      : 'the plugin printed nothing; log in the failing callback to find where';
  return `The VM is dead after a trap, as it would be on the gateway. Fix the plugin (${where}), rebuild, and run again.`;
}

/**
 * A trap in a stream callback, told from the client's side: proxy-wasm-cpp-host's CHECK_FAIL
 * (src/context.cc) fails the stream, and Envoy's Context::failStream answers with a local 503
 * whose details are wasm_fail_stream (unless the plugin is configured fail_open).
 */
export function failedStreamError(trap: HpluginError, phase: 'request' | 'response'): HpluginError {
  const client = { status: 503, body: '', details: 'wasm_fail_stream' };
  return new HpluginError(
    'HOST_TRAP',
    `${trap.message}\nOn the gateway the ${phase} path fails: the client receives 503 Service Unavailable with an empty body (response details wasm_fail_stream), and the plugin sees no further requests until the VM is reloaded.`,
    { hint: trap.hint, cause: trap, details: { ...trap.details, clientResponse: client } },
  );
}

export function notReactorError(source: string): HpluginError {
  return new UsageError(
    'HOST_NOT_REACTOR',
    `${source} is a WASI command module (it exports _start but not _initialize), not a reactor. It was built without -buildmode=c-shared; the gateway would reject it with "restricted_callback" (higress#3268).`,
    { hint: 'Build with: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o main.wasm ./ (hplugin build does this).' },
  );
}

export function configureError(stage: 'vm_start' | 'configure', logs: readonly LogEntry[], config: string): HpluginError {
  const lines = logs.map((l) => `  [${l.level}] ${l.message}`).join('\n');
  const code: HostErrorCode = stage === 'configure' ? 'HOST_CONFIGURE_FAILED' : 'HOST_START_FAILED';
  return new UsageError(
    code,
    `The plugin rejected its ${stage === 'configure' ? 'configuration' : 'VM configuration'} (proxy_on_${stage} returned false).${lines ? `\nPlugin log:\n${lines}` : ''}`,
    {
      hint: 'Read the plugin log above: the SDK logs why parseConfig failed. Fix the config (or the parser) and run again.',
      details: { config, logs: logs.map((l) => `[${l.level}] ${l.message}`) },
    },
  );
}
