/**
 * Retries with jittered exponential backoff, as oras-go does (5 tries, 200 ms to 3 s): transient
 * statuses (408, 429, 5xx) and connection resets. A Retry-After from the registry wins over our own
 * schedule. The caller decides whether the request can be replayed; this module only decides when.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpResponse } from './transport.js';
import { header } from './transport.js';
import { TIMEOUT_CODES } from './transport-errors.js';

export interface RetryPolicy {
  /** Total tries, the first one included. 1 disables retries. */
  maxAttempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the answer is returned as it is. */
  maxRetryAfterMs: number;
  /** Injected by tests to observe delays instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, minDelayMs: 200, maxDelayMs: 3000, maxRetryAfterMs: 60_000 };

export function isRetryableStatus(status: number): boolean {
  // 501 and 505 will not change on a second try.
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', ...TIMEOUT_CODES]);

/** A dropped connection, not a refused one: refusing is not transient, and failing fast helps the user. */
export function isRetryableError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (!e) return false;
  if (RESET_CODES.has(e.code ?? '') || RESET_CODES.has(e.cause?.code ?? '')) return true;
  return /socket hang up|other side closed/i.test(`${e.message ?? ''} ${e.cause?.message ?? ''}`);
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}

/** Exponential from minDelay, capped at maxDelay, with jitter between half and the full value. */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retry);
  return Math.round(base / 2 + (random() * base) / 2);
}

/** Wait `ms` as the policy says: its `sleep` (tests observe delays with it), or a timer. */
export function pause(policy: Pick<RetryPolicy, 'sleep'>, ms: number): Promise<void> {
  return policy.sleep ? policy.sleep(ms) : delay(ms);
}

/** Wait out the backoff before retry number `retry` (0 for the first), for retries outside withRetry. */
export function backOff(policy: RetryPolicy, retry: number): Promise<void> {
  return pause(policy, backoffDelay(retry, policy));
}

export interface RetryHooks {
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Run `attempt` until it returns a final answer. Retryable answers are drained before the next try
 * so the connection goes back to the pool.
 */
export async function withRetry(
  attempt: () => Promise<HttpResponse>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<HttpResponse> {
  for (let n = 1; ; n++) {
    let res: HttpResponse;
    try {
      res = await attempt();
    } catch (err) {
      if (n >= policy.maxAttempts || !isRetryableError(err)) throw err;
      const delayMs = backoffDelay(n - 1, policy);
      hooks.onRetry?.({ attempt: n, delayMs, reason: (err as Error).message });
      await pause(policy, delayMs);
      continue;
    }
    if (n >= policy.maxAttempts || !isRetryableStatus(res.status)) return res;
    const retryAfter = parseRetryAfter(header(res, 'retry-after'));
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return res;
    const delayMs = retryAfter ?? backoffDelay(n - 1, policy);
    await res.body.dump();
    hooks.onRetry?.({ attempt: n, delayMs, reason: `HTTP ${res.status}` });
    await pause(policy, delayMs);
  }
}
