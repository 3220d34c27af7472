/** The scripted requests of the differential suite, one set per plugin. */
import type { Pairs, ScriptRequest } from './transcript.js';

let requestIds = 0;

/** The four pseudo-headers in the order hplugin builds them, then x-request-id, then the rest. */
export function headers(method: string, path: string, rest: Pairs = [], authority = 'api.example.com'): Pairs {
  return [
    [':authority', authority],
    [':path', path],
    [':method', method],
    [':scheme', 'https'],
    ['x-request-id', `diff-${++requestIds}`],
    ...rest,
  ];
}

export const HEADER_REQUESTS: ScriptRequest[] = [
  {
    name: 'edits',
    headers: headers('GET', '/h', [
      ['x-tag', 'first'],
      ['x-forwarded-for', '10.0.0.1'],
      ['x-replace', 'a'],
      ['x-replace', 'b'],
      ['x-remove', '1'],
      ['x-remove', '2'],
      ['x-multi', 'one'],
      ['x-multi', 'two'],
    ]),
    response: {
      headers: [
        [':status', '200'],
        ['server', 'upstream'],
        ['set-cookie', 'a=1'],
        ['x-internal', 'secret'],
        ['content-type', 'text/plain'],
      ],
      body: ['ok'],
    },
  },
  { name: 'plain', headers: headers('GET', '/plain') },
  {
    name: 'upstream-error',
    headers: headers('GET', '/fails'),
    response: {
      headers: [
        [':status', '500'],
        ['x-internal', 'trace'],
      ],
      body: ['boom'],
    },
  },
];

export const BODY_REQUESTS: ScriptRequest[] = [
  {
    name: 'chunks',
    headers: headers('POST', '/upload', [['content-type', 'text/plain']]),
    body: ['ab', 'cd', 'ef'],
    response: {
      headers: [
        [':status', '200'],
        ['content-type', 'text/plain'],
      ],
      body: ['one ', 'two ', 'three'],
    },
  },
  { name: 'one-chunk', headers: headers('PUT', '/one'), body: ['whole'], response: { headers: [[':status', '201']], body: ['done'] } },
  { name: 'no-body', headers: headers('GET', '/empty'), response: { headers: [[':status', '204']] } },
  {
    name: 'trailers',
    headers: headers('POST', '/t'),
    body: ['xy'],
    trailers: [['x-checksum', '1']],
    response: { headers: [[':status', '200']], body: ['z'] },
  },
];

const APP = 'https://app.example.com';

export const CORS_REQUESTS: ScriptRequest[] = [
  {
    name: 'preflight',
    headers: headers('OPTIONS', '/items', [
      ['origin', APP],
      ['access-control-request-method', 'POST'],
    ]),
  },
  { name: 'forbidden', headers: headers('GET', '/items', [['origin', 'https://evil.example']]) },
  {
    name: 'simple',
    headers: headers('GET', '/items', [['origin', APP]]),
    response: {
      headers: [
        [':status', '200'],
        ['content-type', 'application/json'],
      ],
      body: ['[]'],
    },
  },
  { name: 'no-origin', headers: headers('GET', '/items') },
];

const AUTH = 'outbound|80||auth.svc';

export const CALLOUT_REQUESTS: ScriptRequest[] = [
  {
    name: 'allowed',
    headers: headers('GET', '/orders', [['x-user', 'alice']]),
    callouts: [
      {
        cluster: AUTH,
        reply: {
          headers: [
            [':status', '200'],
            ['x-user', 'alice'],
          ],
          body: 'fine',
        },
      },
    ],
    response: { headers: [[':status', '200']], body: ['orders'] },
  },
  {
    name: 'denied',
    headers: headers('GET', '/orders', [['x-user', 'mallory']]),
    callouts: [{ cluster: 'outbound|80||*', reply: { headers: [[':status', '403']], body: 'nope' } }],
  },
  { name: 'timeout', headers: headers('GET', '/orders', [['x-user', 'bob']]), callouts: [{ cluster: AUTH }] },
];
