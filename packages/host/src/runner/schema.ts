/**
 * The schema of `hplugin.test.yaml`, the declarative plugin tests. TypeBox gives the JSON Schema
 * (for editors and ajv) and the TypeScript types from one definition.
 *
 * ```yaml
 * config: { header: hello }          # plugin config for every case (JSON-able value)
 * properties: { route_name: r1 }     # host properties for every case (optional)
 * logLevel: info                     # trace|debug|info|warn|error|critical (default info)
 * cases:
 *   - name: adds the header
 *     config: {...}                  # replaces the top-level config for this case
 *     properties: {...}              # merged over the top-level properties
 *     request: { method: GET, path: /x, authority: a.com, headers: { host: example.com }, body: "..." | [chunk, ...] }
 *     callouts:                      # scripted answers to proxy_http_call, first match wins
 *       - match: { cluster: "outbound|80||svc", method: GET, path: "/check*" }   # '*' at the end = prefix
 *         response: { status: 200, headers: {...}, body: "..." }               # omit response = the call times out (504)
 *     clusters: [outbound|80||svc]   # clusters the gateway has besides the scripted ones; others fail at dispatch
 *     response: { status: 200, headers: {...}, body: "..." | [chunk, ...] }    # the upstream's answer
 *     expect:
 *       request:  { headers: { x-hello: hello, x-gone: null }, absent: [x-remove-me], body: "..." | { contains: "..." } | { json: {...} } }
 *       response: { status: 200, headers: {...}, absent: [...], body: ... }   # what the client receives: the upstream's
 *                                    # answer after the plugin, or the local reply after the plugin's response callbacks
 *       localResponse: { status: 403, body: "denied", headers: {...}, details: "..." }   # the reply as the plugin sent it; null: none
 *       action: { requestHeaders: Continue, requestBody: Pause, responseHeaders: ..., responseBody: ... }
 *       logs: { contains: ["..."], notContains: ["..."] }
 *       callouts: { count: 1, clusters: ["outbound|80||svc"] }
 *       stubbedCalls: [proxy_something_unknown]
 *       error: { code: HOST_CONFIGURE_FAILED, message: "substring" }      # the case must fail this way
 * ```
 */
import { Type, type Static } from '@sinclair/typebox';
import { LOG_LEVELS } from '../abi.js';

const strict = { additionalProperties: false } as const;
const Str = (description?: string) => Type.String(description ? { description } : {});
const Headers = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
  description: 'Header name → value (or values, for a repeated header).',
});
const Body = Type.Union([Type.String(), Type.Array(Type.String())], { description: 'A body, or its chunks in order.' });
const LogLevelT = Type.Unsafe<(typeof LOG_LEVELS)[number]>({ type: 'string', enum: [...LOG_LEVELS] });
const Clusters = Type.Array(Type.String(), {
  description: 'Clusters the gateway has besides those the callout scripts name; a callout to any other fails at dispatch (BAD_ARGUMENT).',
});
const Properties = Type.Record(Type.String(), Type.String(), {
  description: "Host properties, keyed by path segments joined with '.', e.g. route_name.",
});

export const RequestSchema = Type.Object(
  {
    method: Type.Optional(Str()),
    path: Type.Optional(Str()),
    authority: Type.Optional(Str()),
    scheme: Type.Optional(Str()),
    headers: Type.Optional(Headers),
    body: Type.Optional(Body),
    trailers: Type.Optional(Headers),
  },
  strict,
);

export const UpstreamResponseSchema = Type.Object(
  {
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 999 })),
    headers: Type.Optional(Headers),
    body: Type.Optional(Body),
    trailers: Type.Optional(Headers),
  },
  strict,
);

export const CalloutScriptSchema = Type.Object(
  {
    match: Type.Optional(
      Type.Object(
        {
          cluster: Type.Optional(Str('The cluster name, e.g. outbound|80||auth.svc. A trailing * matches a prefix.')),
          method: Type.Optional(Str()),
          path: Type.Optional(Str('The :path, query included. A trailing * matches a prefix.')),
          authority: Type.Optional(Str()),
        },
        strict,
      ),
    ),
    response: Type.Optional(
      Type.Object(
        { status: Type.Optional(Type.Integer()), headers: Type.Optional(Headers), body: Type.Optional(Type.String()) },
        {
          ...strict,
          description: 'The reply. Omit it and the call times out: the plugin receives Envoy\'s 504 "upstream request timeout".',
        },
      ),
    ),
  },
  strict,
);

const BodyExpect = Type.Union([
  Type.String({ description: 'The exact body.' }),
  Type.Object({ contains: Str('A substring the body must contain.') }, strict),
  Type.Object({ json: Type.Unknown({ description: 'The body parsed as JSON must equal this.' }) }, strict),
]);
const HeaderExpect = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
  description: 'Header → expected value; null means the header must be absent.',
});
const ActionT = Type.Unsafe<string>({
  type: 'string',
  enum: [
    'Continue',
    'Pause',
    'ContinueAndEndStream',
    'StopAllIterationAndBuffer',
    'StopAllIterationAndWatermark',
    'StopIterationAndWatermark',
  ],
});

export const ExpectSchema = Type.Object(
  {
    request: Type.Optional(
      Type.Object(
        { headers: Type.Optional(HeaderExpect), absent: Type.Optional(Type.Array(Type.String())), body: Type.Optional(BodyExpect) },
        strict,
      ),
    ),
    response: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(Type.Integer()),
          headers: Type.Optional(HeaderExpect),
          absent: Type.Optional(Type.Array(Type.String())),
          body: Type.Optional(BodyExpect),
        },
        strict,
      ),
    ),
    localResponse: Type.Optional(
      Type.Union([
        Type.Null({ description: 'No local response may be sent.' }),
        Type.Object(
          {
            status: Type.Optional(Type.Integer()),
            headers: Type.Optional(HeaderExpect),
            body: Type.Optional(BodyExpect),
            details: Type.Optional(Type.String()),
            grpcStatus: Type.Optional(Type.Integer()),
          },
          strict,
        ),
      ]),
    ),
    action: Type.Optional(
      Type.Object(
        {
          requestHeaders: Type.Optional(ActionT),
          requestBody: Type.Optional(ActionT),
          responseHeaders: Type.Optional(ActionT),
          responseBody: Type.Optional(ActionT),
        },
        strict,
      ),
    ),
    logs: Type.Optional(
      Type.Object({ contains: Type.Optional(Type.Array(Type.String())), notContains: Type.Optional(Type.Array(Type.String())) }, strict),
    ),
    callouts: Type.Optional(
      Type.Object({ count: Type.Optional(Type.Integer({ minimum: 0 })), clusters: Type.Optional(Type.Array(Type.String())) }, strict),
    ),
    stubbedCalls: Type.Optional(Type.Array(Type.String())),
    error: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), message: Type.Optional(Type.String()) }, strict)),
  },
  strict,
);

export const TestCaseSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    config: Type.Optional(Type.Unknown({ description: 'The plugin config for this case; replaces the top-level one.' })),
    properties: Type.Optional(Properties),
    logLevel: Type.Optional(LogLevelT),
    request: Type.Optional(RequestSchema),
    callouts: Type.Optional(Type.Array(CalloutScriptSchema)),
    clusters: Type.Optional(Clusters),
    response: Type.Optional(UpstreamResponseSchema),
    expect: Type.Optional(ExpectSchema),
  },
  strict,
);

export const TestFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    wasm: Type.Optional(Str('Path of the module, relative to this file. The CLI passes the build output instead.')),
    config: Type.Optional(Type.Unknown({ description: 'The plugin config for every case.' })),
    vmConfig: Type.Optional(Type.Unknown()),
    properties: Type.Optional(Properties),
    clusters: Type.Optional(Clusters),
    logLevel: Type.Optional(LogLevelT),
    cases: Type.Array(TestCaseSchema, { minItems: 1 }),
  },
  { ...strict, title: 'hplugin.test.yaml', description: 'Declarative tests for a Higress Wasm plugin, run in-process by hplugin test.' },
);

export type TestFile = Static<typeof TestFileSchema>;
export type TestCase = Static<typeof TestCaseSchema>;
export type CaseExpect = Static<typeof ExpectSchema>;
export type CalloutScript = Static<typeof CalloutScriptSchema>;

/** The JSON Schema of hplugin.test.yaml, for editors (yaml-language-server) and docs. */
export const testFileJsonSchema: object = TestFileSchema;
