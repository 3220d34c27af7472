export { createHost, encodeConfig, type Host } from './host.js';
export { compilePlugin, type CompiledPlugin, type WasmSource } from './plugin-module.js';
export type { HostOptions, RequestInput, RequestResult, UpstreamResponse, Actions, Body, PropertyValue, ClientResponse } from './types.js';
export type { HttpCall, ScriptedResponse, RedisCall, ScriptedRedisReply, LocalResponse, LogEntry } from './state.js';
export type { HeaderPairs, HeadersInit } from './header-map.js';
export { LOG_LEVELS, type LogLevel, type Action } from './abi.js';
export { HOST_ERROR_CODES, type HostErrorCode } from './errors.js';
export { IMPLEMENTED_HOST_FUNCTIONS } from './hostcalls/index.js';
// The runner's own entry (@hplugin/host/runner) and, here only, the TypeBox schema it is generated from.
export * from './runner/index.js';
export type { Failure } from './runner/compare.js';
export { TestFileSchema, testFileJsonSchema } from './runner/schema.js';
export { unifiedDiff } from './runner/diff.js';
