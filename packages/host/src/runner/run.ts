/**
 * runTestFile: every case of a hplugin.test.yaml on a fresh VM (one compile, one instance per
 * case, so cases cannot leak state into each other), reporting each mismatch with a diff.
 */
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isHpluginError, silentReporter, UsageError, type ErrorCode, type Reporter } from '@hplugin/core';
import { createHost, type Host } from '../host.js';
import { compilePlugin, type WasmSource } from '../plugin-module.js';
import type { HeaderPairs } from '../header-map.js';
import type { HttpCall, ScriptedResponse } from '../state.js';
import type { RequestResult } from '../types.js';
import { checkError, checkResult, type Failure } from './compare.js';
import { loadTestFile, validateTestFile } from './load.js';
import type { CalloutScript, TestCase, TestFile } from './schema.js';

export interface TestRunOptions {
  /** The module; defaults to the file's `wasm` key, relative to the file. */
  wasm?: WasmSource;
  /** Run only the cases whose name contains this string (or matches this pattern). */
  filter?: string | RegExp;
  reporter?: Reporter;
}

export interface CaseResult {
  name: string;
  ok: boolean;
  durationMs: number;
  failures: Failure[];
  /** The error the case ended with, expected or not. */
  error?: { code: ErrorCode; message: string };
  /** When the plugin answered itself: the reply as it sent it, and what the client receives. */
  localReply?: { sent: ReplySummary; client?: ReplySummary };
}

export interface ReplySummary {
  status: number;
  headers: HeaderPairs;
  body: string;
}

export interface TestFileResult {
  file?: string;
  ok: boolean;
  cases: CaseResult[];
  durationMs: number;
}

function matches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

/** The case's scripted callouts as a host `callouts` function: first matching entry answers. */
export function scriptCallouts(scripts: CalloutScript[] = []): (call: HttpCall) => ScriptedResponse | undefined {
  return (call) => {
    const hit = scripts.find(
      ({ match = {} }) =>
        matches(match.cluster, call.cluster) &&
        matches(match.method, call.method) &&
        matches(match.path, call.path) &&
        matches(match.authority, call.authority),
    );
    return hit?.response;
  };
}

/**
 * The clusters a case's gateway has: the ones the file or case lists under `clusters`, plus every
 * cluster a callout script names (a script without a cluster answers any). A callout to any other
 * cluster fails at dispatch with BAD_ARGUMENT, as on Envoy.
 */
export function declaredClusters(
  file: Pick<TestFile, 'clusters'>,
  testCase: Pick<TestCase, 'clusters' | 'callouts'>,
): (cluster: string) => boolean {
  const listed = [...(file.clusters ?? []), ...(testCase.clusters ?? [])];
  const patterns = (testCase.callouts ?? []).map((script) => script.match?.cluster);
  return (cluster) => listed.includes(cluster) || patterns.some((pattern) => matches(pattern, cluster));
}

/** True for the error runTestFile throws when the case filter selects nothing. */
export function isNoCaseMatched(error: unknown): error is UsageError {
  return isHpluginError(error) && error.code === 'HOST_TEST_CASE_NOT_FOUND';
}

function noCaseMatched(filter: string | RegExp, names: string[]): UsageError {
  const shown = typeof filter === 'string' ? JSON.stringify(filter) : String(filter);
  return new UsageError(
    'HOST_TEST_CASE_NOT_FOUND',
    `No case name contains ${shown}. The cases are:\n${names.map((n) => `  ${n}`).join('\n')}`,
    {
      hint: 'Pass part of one of the names above to --case (the match is case-sensitive), or leave --case out to run them all.',
      details: { cases: names },
    },
  );
}

async function runCase(file: TestFile, testCase: TestCase, wasm: WasmSource): Promise<CaseResult> {
  const started = performance.now();
  let host: Host | undefined;
  let failures: Failure[] = [];
  let error: CaseResult['error'];
  let localReply: CaseResult['localReply'];
  try {
    host = await createHost({
      wasm,
      config: 'config' in testCase ? testCase.config : file.config,
      vmConfig: file.vmConfig,
      properties: { ...file.properties, ...testCase.properties },
      logLevel: testCase.logLevel ?? file.logLevel ?? 'info',
      callouts: scriptCallouts(testCase.callouts),
      clusters: declaredClusters(file, testCase),
    });
    const result = await host.request({ ...testCase.request, response: testCase.response });
    failures = checkResult(testCase.expect ?? {}, result);
    localReply = localReplyOf(result);
  } catch (cause) {
    if (!isHpluginError(cause)) throw cause;
    error = { code: cause.code, message: cause.message };
  } finally {
    try {
      host?.close();
    } catch {
      // A VM that died in the case has nothing left to close.
    }
  }
  failures.push(...checkError(testCase.expect, error));
  return {
    name: testCase.name,
    ok: failures.length === 0,
    durationMs: performance.now() - started,
    failures,
    ...(error ? { error } : {}),
    ...(localReply ? { localReply } : {}),
  };
}

function localReplyOf(result: RequestResult): CaseResult['localReply'] {
  const sent = result.localResponse;
  if (!sent) return undefined;
  const client = result.clientResponse;
  return {
    sent: { status: sent.status, headers: sent.headers, body: sent.body },
    ...(client ? { client: { status: client.status, headers: client.headers, body: client.body } } : {}),
  };
}

export async function runTestFile(file: string | TestFile | unknown, options: TestRunOptions = {}): Promise<TestFileResult> {
  const started = performance.now();
  const reporter = options.reporter ?? silentReporter();
  const path = typeof file === 'string' ? resolve(file) : undefined;
  const parsed = path ? await loadTestFile(path) : validateTestFile(file);
  const wasmSource = options.wasm ?? (parsed.wasm ? resolve(path ? dirname(path) : process.cwd(), parsed.wasm) : undefined);
  if (wasmSource === undefined) {
    throw new UsageError(
      'HOST_TEST_FILE_INVALID',
      'No plugin module to test: neither the wasm option nor a `wasm:` key in the test file.',
      {
        hint: 'Run through hplugin test (it builds the plugin first), or add `wasm: ./main.wasm` to the test file.',
      },
    );
  }
  const wasm = await compilePlugin(wasmSource);
  const filter = options.filter;
  const selected = parsed.cases.filter((c) => !filter || (typeof filter === 'string' ? c.name.includes(filter) : filter.test(c.name)));
  if (filter !== undefined && selected.length === 0)
    throw noCaseMatched(
      filter,
      parsed.cases.map((c) => c.name),
    );
  const cases: CaseResult[] = [];
  for (const testCase of selected) {
    const result = await runCase(parsed, testCase, wasm);
    (result.ok ? reporter.debug : reporter.warn).call(reporter, `${result.ok ? 'ok' : 'FAIL'} ${testCase.name}`);
    cases.push(result);
  }
  return { ...(path ? { file: path } : {}), ok: cases.every((c) => c.ok), cases, durationMs: performance.now() - started };
}
