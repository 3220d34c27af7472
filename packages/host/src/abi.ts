/**
 * Numbers of the proxy-wasm ABI (v0.2.1 plus Higress's additions), as the Go SDK spells them in
 * proxywasm/internal/abi_enums.go. Kept in one place so host functions read like the spec.
 */
export const Status = {
  OK: 0,
  NOT_FOUND: 1,
  BAD_ARGUMENT: 2,
  SERIALIZATION_FAILURE: 3,
  PARSE_FAILURE: 4,
  INVALID_MEMORY_ACCESS: 6,
  EMPTY: 7,
  CAS_MISMATCH: 8,
  INTERNAL_FAILURE: 10,
  UNIMPLEMENTED: 12,
} as const;

export const BufferType = {
  REQUEST_BODY: 0,
  RESPONSE_BODY: 1,
  DOWNSTREAM_DATA: 2,
  UPSTREAM_DATA: 3,
  HTTP_CALL_RESPONSE_BODY: 4,
  GRPC_RECEIVE: 5,
  VM_CONFIGURATION: 6,
  PLUGIN_CONFIGURATION: 7,
  FOREIGN_ARGS: 8,
  REDIS_CALL_RESPONSE: 9,
} as const;

export const MapType = {
  REQUEST_HEADERS: 0,
  REQUEST_TRAILERS: 1,
  RESPONSE_HEADERS: 2,
  RESPONSE_TRAILERS: 3,
  HTTP_CALL_RESPONSE_HEADERS: 6,
  HTTP_CALL_RESPONSE_TRAILERS: 7,
} as const;

export const StreamType = { REQUEST: 0, RESPONSE: 1 } as const;

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What a stream callback returned. Header callbacks and body callbacks share the numbers 0 and 1
 * (Continue and Pause, which Envoy calls StopIteration / StopIterationAndBuffer); the higher values
 * differ between the two, so they get their own names.
 */
export type Action =
  | 'Continue'
  | 'Pause'
  | 'ContinueAndEndStream'
  | 'StopAllIterationAndBuffer'
  | 'StopAllIterationAndWatermark'
  | 'StopIterationAndWatermark'
  | `Unknown(${number})`;

const HEADER_ACTIONS: Action[] = ['Continue', 'Pause', 'ContinueAndEndStream', 'StopAllIterationAndBuffer', 'StopAllIterationAndWatermark'];
const BODY_ACTIONS: Action[] = ['Continue', 'Pause', 'StopIterationAndWatermark'];

export function actionName(value: number, phase: 'headers' | 'body'): Action {
  return (phase === 'headers' ? HEADER_ACTIONS : BODY_ACTIONS)[value] ?? `Unknown(${value})`;
}

/** Continue and ContinueAndEndStream let the stream go on; every other action holds it. */
export function actionPauses(action: Action): boolean {
  return action !== 'Continue' && action !== 'ContinueAndEndStream';
}
