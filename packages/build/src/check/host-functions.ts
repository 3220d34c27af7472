/**
 * What hosts provide. Sources: the proxy-wasm ABI v0.2.1 spec and proxy-wasm-cpp-host (the
 * standard set), higress-group/proxy-wasm-go-sdk's //go:wasmimport list (the Higress extras),
 * and higress docs#448 (WASI functions older gateways lack).
 */

export const STANDARD_HOST_FUNCTIONS: ReadonlySet<string> = new Set([
  'proxy_log',
  'proxy_get_log_level',
  'proxy_get_status',
  'proxy_set_tick_period_milliseconds',
  'proxy_get_current_time_nanoseconds',
  'proxy_set_effective_context',
  'proxy_done',
  'proxy_call_foreign_function',
  'proxy_get_buffer_bytes',
  'proxy_set_buffer_bytes',
  'proxy_get_buffer_status',
  'proxy_get_header_map_pairs',
  'proxy_set_header_map_pairs',
  'proxy_get_header_map_value',
  'proxy_add_header_map_value',
  'proxy_replace_header_map_value',
  'proxy_remove_header_map_value',
  'proxy_get_header_map_size',
  'proxy_get_property',
  'proxy_set_property',
  'proxy_send_local_response',
  'proxy_continue_stream',
  'proxy_close_stream',
  'proxy_continue_request',
  'proxy_continue_response',
  'proxy_clear_route_cache',
  'proxy_get_configuration',
  'proxy_http_call',
  'proxy_grpc_call',
  'proxy_grpc_stream',
  'proxy_grpc_send',
  'proxy_grpc_cancel',
  'proxy_grpc_close',
  'proxy_set_shared_data',
  'proxy_get_shared_data',
  'proxy_register_shared_queue',
  'proxy_resolve_shared_queue',
  'proxy_enqueue_shared_queue',
  'proxy_dequeue_shared_queue',
  'proxy_define_metric',
  'proxy_increment_metric',
  'proxy_record_metric',
  'proxy_get_metric',
]);

/** Present in Higress's Envoy fork only: a module importing one will not load on plain Envoy (wasm-go#31). */
export const HIGRESS_ONLY_HOST_FUNCTIONS: ReadonlySet<string> = new Set([
  'proxy_inject_encoded_data_to_filter_chain',
  'proxy_redis_init',
  'proxy_redis_call',
  'proxy_get_upstream_hosts',
  'proxy_set_upstream_override_host',
]);

/** Non-proxy functions that proxy-wasm-cpp-host registers in `env` (Emscripten-built C++ plugins). */
export const OTHER_ENV_FUNCTIONS: ReadonlySet<string> = new Set(['emscripten_notify_memory_growth']);

/** WASI preview1 functions that Go 1.24 imports but older Higress gateways do not provide (docs#448). */
export const WASI_MISSING_ON_OLD_GATEWAYS: ReadonlySet<string> = new Set(['sched_yield']);

/** Exports the host calls for every plugin; a module without them is not a proxy-wasm plugin. */
export const CORE_ENTRY_POINTS = [
  'proxy_on_context_create',
  'proxy_on_vm_start',
  'proxy_on_configure',
  'proxy_on_done',
  'proxy_on_delete',
] as const;

export const HTTP_ENTRY_POINTS = [
  'proxy_on_request_headers',
  'proxy_on_request_body',
  'proxy_on_response_headers',
  'proxy_on_response_body',
] as const;

/** The gateway's image fetcher refuses modules larger than this (higress-group/istio imagefetcher). */
export const MAX_MODULE_BYTES = 256 * 1024 * 1024;
