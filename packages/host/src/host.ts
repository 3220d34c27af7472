/**
 * createHost: compile (or reuse) the module, instantiate it with WASI and the host functions, run
 * `_initialize`, create the root context, start the VM and configure the plugin — the order
 * proxy-wasm-cpp-host follows. Requests then run one at a time on that VM.
 */
import { HpluginError, silentReporter } from '@hplugin/core';
import { LOG_LEVELS, type LogLevel } from './abi.js';
import { deliverCallouts } from './callout-delivery.js';
import { configureError } from './errors.js';
import { compilePlugin } from './plugin-module.js';
import { metricsSnapshot, RequestRun, toBytes } from './request.js';
import { newHostState, type HostState, type LogEntry } from './state.js';
import type { HostOptions, RequestInput, RequestResult } from './types.js';
import { PluginVm } from './vm.js';
import { loadWasi } from './wasi.js';

const ROOT_CONTEXT_ID = 1;

export interface Host {
  /** Run one request through the plugin. Requests on one host run one after another. */
  request(input?: RequestInput): Promise<RequestResult>;
  /** Call proxy_on_tick on the root context (plugins that asked for a tick period). */
  tick(): Promise<void>;
  /** Every log line since start, at or above logLevel. */
  readonly logs: LogEntry[];
  /** Imports the host does not implement (answered UNIMPLEMENTED when called). */
  readonly stubbedImports: readonly string[];
  /** Stubbed host functions the plugin actually called, in order. */
  readonly stubbedCalls: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly tickPeriodMs: number;
  metrics(): Record<string, number>;
  /** proxy_on_done and proxy_on_delete on the root context. Safe to call twice. */
  close(): void;
}

const encoder = new TextEncoder();

export function encodeConfig(config: unknown): Uint8Array {
  if (config === undefined || config === null) return new Uint8Array(0);
  if (typeof config === 'string') return encoder.encode(config);
  if (config instanceof Uint8Array) return config;
  return encoder.encode(JSON.stringify(config));
}

async function instantiate(plugin: Awaited<ReturnType<typeof compilePlugin>>, state: HostState, options: HostOptions): Promise<PluginVm> {
  const wasi = await loadWasi();
  try {
    return new PluginVm(plugin, state, options.foreignFunctions ?? {}, wasi);
  } catch (cause) {
    if (cause instanceof HpluginError) throw cause;
    throw new HpluginError('HOST_WASM_INVALID', `Cannot instantiate ${plugin.source}: ${(cause as Error).message}.`, {
      hint: 'The module needs something this host cannot give (e.g. an imported memory). Rebuild it with the Higress Go SDK.',
      cause,
    });
  }
}

export async function createHost(options: HostOptions): Promise<Host> {
  const reporter = options.reporter ?? silentReporter();
  const logLevel: LogLevel = options.logLevel ?? 'info';
  const plugin = await compilePlugin(options.wasm);
  const state = newHostState(ROOT_CONTEXT_ID, logLevel);
  for (const [key, value] of Object.entries(options.properties ?? {})) state.properties.set(key, toBytes(value));
  state.pluginConfig = encodeConfig(options.config);
  state.vmConfig = encodeConfig(options.vmConfig);
  const clusters = options.clusters;
  if (clusters) state.clusterExists = typeof clusters === 'function' ? clusters : (name) => clusters.includes(name);

  const vm = await instantiate(plugin, state, options);
  for (const name of vm.stubbedImports) {
    reporter.warn(
      `The plugin imports ${name}, which this host does not implement; calls to it return UNIMPLEMENTED (12).`,
      'HOST_STUBBED_IMPORT',
    );
  }
  vm.call('proxy_on_context_create', ROOT_CONTEXT_ID, 0);
  if (!vm.call('proxy_on_vm_start', ROOT_CONTEXT_ID, state.vmConfig.length)) {
    throw configureError('vm_start', state.logs, new TextDecoder().decode(state.vmConfig));
  }
  const startLogs = state.logs.length;
  if (!vm.call('proxy_on_configure', ROOT_CONTEXT_ID, state.pluginConfig.length)) {
    throw configureError('configure', state.logs.slice(startLogs), new TextDecoder().decode(state.pluginConfig));
  }
  await deliverCallouts(vm, state, options);
  reporter.debug(`Plugin ${plugin.source} started; ${plugin.imports.length} imports, ${vm.stubbedImports.length} stubbed.`);

  let nextId = ROOT_CONTEXT_ID + 1;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const min = LOG_LEVELS.indexOf(logLevel);
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const result = queue.then(run);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    request: (input = {}) => serial(() => new RequestRun(vm, state, options, nextId++).run(input)),
    tick: () =>
      serial(async () => {
        vm.call('proxy_on_tick', ROOT_CONTEXT_ID);
        await deliverCallouts(vm, state, options);
      }),
    get logs() {
      return state.logs.filter((l) => LOG_LEVELS.indexOf(l.level) >= min);
    },
    stubbedImports: vm.stubbedImports,
    get stubbedCalls() {
      return state.stubbedCalls;
    },
    get stdout() {
      return vm.output.stdout;
    },
    get stderr() {
      return vm.output.stderr;
    },
    get tickPeriodMs() {
      return state.tickPeriodMs;
    },
    metrics: () => metricsSnapshot(state),
    close() {
      if (closed || vm.dead) return;
      closed = true;
      vm.call('proxy_on_done', ROOT_CONTEXT_ID);
      vm.call('proxy_on_delete', ROOT_CONTEXT_ID);
    },
  };
}
