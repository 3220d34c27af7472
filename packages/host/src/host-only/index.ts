/**
 * @hplugin/host/host-only: one plugin VM and its requests, without the hplugin.test.yaml runner
 * (TypeBox, Ajv, diff, YAML), so that `hplugin run` does not pay for loading the runner.
 */
export { createHost, encodeConfig, type Host } from '../host.js';
export { compilePlugin, type CompiledPlugin, type WasmSource } from '../plugin-module.js';
export type { HostOptions, RequestInput, RequestResult, UpstreamResponse, Actions, Body, PropertyValue, ClientResponse } from '../types.js';
