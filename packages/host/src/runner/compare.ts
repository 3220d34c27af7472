/**
 * Checks one case's expectations against a RequestResult (or the error it ended with) and lists
 * every mismatch, each with a path, the two values and a diff.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HeaderPairs } from '../header-map.js';
import type { RequestResult } from '../types.js';
import { unifiedDiff } from './diff.js';
import type { CaseExpect } from './schema.js';

export interface Failure {
  /** Where in `expect` the mismatch is, e.g. `request.headers.x-hello`. */
  path: string;
  expected: unknown;
  actual: unknown;
  diff: string;
}

type BodyExpect = string | { contains: string } | { json: unknown };

class Checker {
  readonly failures: Failure[] = [];

  equal(path: string, expected: unknown, actual: unknown): void {
    if (!isDeepStrictEqual(expected, actual)) this.fail(path, expected, actual);
  }

  fail(path: string, expected: unknown, actual: unknown): void {
    this.failures.push({ path, expected, actual, diff: unifiedDiff(expected, actual) });
  }

  headers(path: string, expected: Record<string, string | null> | undefined, absent: string[] | undefined, pairs: HeaderPairs): void {
    const get = (name: string) => {
      const values = pairs.filter(([k]) => k === name.toLowerCase()).map(([, v]) => v);
      return values.length === 0 ? undefined : values.join(', ');
    };
    for (const [name, value] of Object.entries(expected ?? {})) this.equal(`${path}.headers.${name}`, value ?? undefined, get(name));
    for (const name of absent ?? []) if (get(name) !== undefined) this.fail(`${path}.absent.${name}`, undefined, get(name));
  }

  body(path: string, expected: BodyExpect | undefined, actual: string): void {
    if (expected === undefined) return;
    if (typeof expected === 'string') return this.equal(path, expected, actual);
    if ('contains' in expected) {
      if (!actual.includes(expected.contains)) this.fail(`${path}.contains`, expected.contains, actual);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual);
    } catch {
      return this.fail(`${path}.json`, expected.json, actual);
    }
    this.equal(`${path}.json`, expected.json, parsed);
  }
}

/** What the client receives (the local reply after the response callbacks, or the upstream's answer). */
function clientResponse(result: RequestResult) {
  const client = result.clientResponse;
  return { status: client?.status, headers: client?.headers ?? [], body: client?.body ?? '' };
}

export function checkResult(expect: CaseExpect, result: RequestResult): Failure[] {
  const c = new Checker();
  if (expect.request) {
    c.headers('request', expect.request.headers, expect.request.absent, result.requestHeaders);
    c.body('request.body', expect.request.body as BodyExpect | undefined, result.requestBody);
  }
  if (expect.response) {
    const client = clientResponse(result);
    if (expect.response.status !== undefined) c.equal('response.status', expect.response.status, client.status);
    c.headers('response', expect.response.headers, expect.response.absent, client.headers);
    c.body('response.body', expect.response.body as BodyExpect | undefined, client.body);
  }
  if (expect.localResponse === null) {
    if (result.localResponse) c.fail('localResponse', null, result.localResponse);
  } else if (expect.localResponse) {
    const local = result.localResponse;
    const want = expect.localResponse;
    if (!local) c.fail('localResponse', want, undefined);
    else {
      if (want.status !== undefined) c.equal('localResponse.status', want.status, local.status);
      if (want.details !== undefined) c.equal('localResponse.details', want.details, local.details);
      if (want.grpcStatus !== undefined) c.equal('localResponse.grpcStatus', want.grpcStatus, local.grpcStatus);
      c.headers('localResponse', want.headers, undefined, local.headers);
      c.body('localResponse.body', want.body as BodyExpect | undefined, local.body);
    }
  }
  for (const [phase, action] of Object.entries(expect.action ?? {})) {
    c.equal(`action.${phase}`, action, result.actions[phase as keyof RequestResult['actions']]);
  }
  const messages = result.logs.map((l) => `[${l.level}] ${l.message}`);
  (expect.logs?.contains ?? []).forEach((text, i) => {
    if (!messages.some((m) => m.includes(text))) c.fail(`logs.contains[${i}]`, text, messages.join('\n'));
  });
  (expect.logs?.notContains ?? []).forEach((text, i) => {
    const hit = messages.find((m) => m.includes(text));
    if (hit) c.fail(`logs.notContains[${i}]`, `no line containing ${JSON.stringify(text)}`, hit);
  });
  if (expect.callouts?.count !== undefined) c.equal('callouts.count', expect.callouts.count, result.callouts.length);
  if (expect.callouts?.clusters)
    c.equal(
      'callouts.clusters',
      expect.callouts.clusters,
      result.callouts.map((call) => call.cluster),
    );
  if (expect.stubbedCalls) c.equal('stubbedCalls', expect.stubbedCalls, result.stubbedCalls);
  return c.failures;
}

/** A case that ended in an error passes only if `expect.error` describes it. */
export function checkError(expect: CaseExpect | undefined, error: { code: string; message: string } | undefined): Failure[] {
  const c = new Checker();
  const want = expect?.error;
  if (!want && error) c.fail('error', '(no error)', `${error.code}: ${error.message}`);
  if (want && !error) c.fail('error', want, '(no error)');
  if (want && error) {
    if (want.code !== undefined) c.equal('error.code', want.code, error.code);
    if (want.message !== undefined && !error.message.includes(want.message)) c.fail('error.message', want.message, error.message);
  }
  return c.failures;
}
