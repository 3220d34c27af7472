/**
 * The faults a publish meets in the wild (oras, go-containerregistry and skopeo issues: 5xx and 429
 * from overloaded registries, resets from proxies and load balancers, stalls, cut-off bodies), as
 * seeded fault-proxy plans. A "transient" scenario injects a few faults that retries should absorb;
 * a "persistent" one keeps failing one endpoint so the publish must give up cleanly.
 *
 * Left out on purpose: a persistent fault on the *answer* to a manifest PUT, or a manifest PUT that
 * reaches the registry after the client gave up on it (a timeout). The registry committed the tag,
 * the client cannot know, so it is no clean-failure case; one lost answer followed by a retry is
 * covered (the retry is idempotent). Persistent timeouts hit the upload start instead.
 */
import { ROUTES, type FaultRule } from '../../harness/index.js';

export interface Scenario {
  name: string;
  rules: FaultRule[];
  /** Upload in PATCH chunks instead of one PUT. */
  chunked: boolean;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** The client's headersTimeout in the fault suite; stalls longer than this are timeouts. */
export const CLIENT_TIMEOUT_MS = 600;

const ANY = [ROUTES.blobHead, ROUTES.uploadStart, ROUTES.uploadFinish, ROUTES.manifestHead, ROUTES.manifestPut] as const;

type Build = (random: Random, ctx: { blobSize: number; chunked: boolean }) => Omit<Scenario, 'chunked'>;

const upload = (chunked: boolean) => (chunked ? ROUTES.uploadChunk : ROUTES.uploadFinish);

export const TRANSIENT: Record<string, Build> = {
  '5xx': (r) => ({
    name: '5xx',
    rules: [{ ...pick(r, ANY), fault: { type: 'status', status: pick(r, [500, 502, 503, 504]) }, times: between(r, 1, 2) }],
  }),
  '429 Retry-After': (r) => ({
    name: '429 Retry-After',
    rules: [{ ...pick(r, ANY), fault: { type: 'status', status: 429, retryAfter: 1 }, times: between(r, 1, 2) }],
  }),
  'reset mid-blob (request)': (r, c) => ({
    name: 'reset mid-blob (request)',
    rules: [
      {
        ...upload(c.chunked),
        fault: { type: 'reset', on: 'request', after: between(r, 1_024, Math.min(c.blobSize, 256 * 1024) - 1) },
        times: between(r, 1, 2),
      },
    ],
  }),
  'reset (response)': (r) => ({
    name: 'reset (response)',
    rules: [{ ...pick(r, ANY), fault: { type: 'reset', on: 'response', after: 0 }, times: 1 }],
  }),
  'truncated body': (r) => ({ name: 'truncated body', rules: [{ ...pick(r, ANY), fault: { type: 'truncate', after: 0 }, times: 1 }] }),
  stall: (r) => ({
    name: 'stall',
    rules: [{ ...pick(r, ANY), fault: { type: 'stall', ms: between(r, 20, 120) }, times: between(r, 1, 3) }],
  }),
  timeout: (r) => ({ name: 'timeout', rules: [{ ...pick(r, ANY), fault: { type: 'stall', ms: CLIENT_TIMEOUT_MS + 400 }, times: 1 }] }),
};

export const PERSISTENT: Record<string, Build> = {
  '5xx forever': (r, c) => ({
    name: '5xx forever',
    rules: [{ ...pick(r, [upload(c.chunked), ROUTES.uploadStart, ROUTES.manifestPut]), fault: { type: 'status', status: 503 } }],
  }),
  '429 forever': (r) => ({
    name: '429 forever',
    rules: [{ ...pick(r, [ROUTES.manifestPut, ROUTES.uploadStart]), fault: { type: 'status', status: 429, retryAfter: 0 } }],
  }),
  'reset forever (request)': (r, c) => ({
    name: 'reset forever (request)',
    rules: [{ ...upload(c.chunked), fault: { type: 'reset', on: 'request', after: between(r, 1_024, 64 * 1024) } }],
  }),
  denied: (r) => ({
    name: 'denied',
    rules: [{ ...pick(r, [ROUTES.manifestPut, ROUTES.uploadStart]), fault: { type: 'status', status: 403 } }],
  }),
  'timeout forever': () => ({
    name: 'timeout forever',
    rules: [{ ...ROUTES.uploadStart, fault: { type: 'stall', ms: CLIENT_TIMEOUT_MS + 400 } }],
  }),
};

/**
 * One run's plan: mostly one transient scenario, sometimes two at once, sometimes a persistent
 * one (alone or after a transient one). Slow scenarios (timeouts) are rarer to keep CI time bounded.
 */
export function pickScenario(random: Random, blobSize: number): Scenario {
  const chunked = random() < 0.3;
  const ctx = { blobSize, chunked };
  const transient = (): Omit<Scenario, 'chunked'> => {
    const names = Object.keys(TRANSIENT).filter((n) => n !== 'timeout' || random() < 0.4);
    return TRANSIENT[pick(random, names)]!(random, ctx);
  };
  const draw = random();
  const parts: Array<Omit<Scenario, 'chunked'>> = [];
  if (draw < 0.55) parts.push(transient());
  else if (draw < 0.75) parts.push(transient(), transient());
  else {
    const names = Object.keys(PERSISTENT).filter((n) => n !== 'timeout forever' || random() < 0.3);
    if (random() < 0.5) parts.push(transient());
    parts.push(PERSISTENT[pick(random, names)]!(random, ctx));
  }
  return { name: parts.map((p) => p.name).join(' + '), rules: parts.flatMap((p) => p.rules), chunked };
}
