/**
 * What the fault proxy injects, and the pure decision of which request gets which fault.
 *
 * API:
 *   FaultPlan, FaultRule, Fault, FaultType      the plan a test writes
 *   ROUTES                                      method + path of each OCI endpoint, to spread into a rule
 *   createFaultPicker(plan): (method, path) => { fault, rule } | undefined
 *
 * Rules are tried in order; the first rule that matches the request, is past its `skip` window,
 * still has `times` left and wins its `probability` draw injects its fault. Draws come from a
 * PRNG seeded by `plan.seed`, so the same plan and request sequence inject the same faults.
 */

export type Fault =
  /**
   * Answer with this status instead of forwarding (the request body is read first). The body is
   * `{"errors":[{"code"}]}` with `code` (default TOOMANYREQUESTS for 429, UNAVAILABLE for 503,
   * DENIED for 403, UNKNOWN otherwise): 403 DENIED is how to provoke DENIED, which distribution
   * itself never sends for token auth (a pull-only token gets 401 insufficient_scope).
   */
  | { type: 'status'; status: number; retryAfter?: number; code?: string }
  /** TCP reset after `after` bytes of the request body (upload) or the response body (download). */
  | { type: 'reset'; on: 'request' | 'response'; after: number }
  /** A clean close after `after` bytes of the response body: a body shorter than its Content-Length. */
  | { type: 'truncate'; after: number }
  /** Wait `ms` before forwarding, or, with `after`, in the middle of the response body. */
  | { type: 'stall'; ms: number; after?: number };

export type FaultType = Fault['type'];

export interface FaultRule {
  fault: Fault;
  /** One method or several; all when absent. */
  method?: string | readonly string[];
  /** Tested against the path without its query string; all paths when absent. */
  path?: RegExp;
  /** Let the first `skip` matching requests through untouched. */
  skip?: number;
  /** Inject at most this many times (after `skip`); unlimited when absent. */
  times?: number;
  /** Chance (0..1) that an eligible request gets the fault; 1 when absent. */
  probability?: number;
}

export interface FaultPlan {
  rules: FaultRule[];
  /** Seed of the probability draws; default 1. */
  seed?: number;
}

const NAME = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*';

/** Spread one into a rule: `{ ...ROUTES.manifestPut, fault: { type: 'status', status: 503 }, times: 1 }`. */
export const ROUTES = {
  ping: { method: 'GET', path: /^\/v2\/$/ },
  blobHead: { method: 'HEAD', path: new RegExp(`^/v2/${NAME}/blobs/[a-z0-9]+:[a-f0-9]+$`) },
  blobGet: { method: 'GET', path: new RegExp(`^/v2/${NAME}/blobs/[a-z0-9]+:[a-f0-9]+$`) },
  uploadStart: { method: 'POST', path: new RegExp(`^/v2/${NAME}/blobs/uploads/$`) },
  uploadChunk: { method: 'PATCH', path: new RegExp(`^/v2/${NAME}/blobs/uploads/[^/]+$`) },
  uploadFinish: { method: 'PUT', path: new RegExp(`^/v2/${NAME}/blobs/uploads/[^/]+$`) },
  manifestHead: { method: 'HEAD', path: new RegExp(`^/v2/${NAME}/manifests/[^/]+$`) },
  manifestGet: { method: 'GET', path: new RegExp(`^/v2/${NAME}/manifests/[^/]+$`) },
  manifestPut: { method: 'PUT', path: new RegExp(`^/v2/${NAME}/manifests/[^/]+$`) },
} as const satisfies Record<string, { method: string; path: RegExp }>;

/** mulberry32: tiny, seedable, and good enough to spread faults; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultPicker = (method: string, path: string) => { fault: Fault; rule: number } | undefined;

export function createFaultPicker(plan: FaultPlan): FaultPicker {
  const random = seededRandom(plan.seed ?? 1);
  const seen = plan.rules.map(() => 0);
  const injected = plan.rules.map(() => 0);
  return (method, path) => {
    for (const [index, rule] of plan.rules.entries()) {
      const methods = rule.method === undefined ? undefined : typeof rule.method === 'string' ? [rule.method] : rule.method;
      if (methods && !methods.includes(method)) continue;
      if (rule.path && !rule.path.test(path)) continue;
      seen[index]!++;
      if (seen[index]! <= (rule.skip ?? 0)) continue;
      if (injected[index]! >= (rule.times ?? Infinity)) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      injected[index]!++;
      return { fault: rule.fault, rule: index };
    }
    return undefined;
  };
}
