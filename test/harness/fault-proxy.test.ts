/**
 * Proves the fault proxy injects exactly what its plan says, counted, in front of a real registry.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  basicAuth,
  createFaultPicker,
  orasFlags,
  request,
  ROUTES,
  runPeer,
  startFaultProxy,
  startRegistry,
  type FaultPlan,
  type FaultProxy,
  type RegistryHandle,
} from './index.js';

const BLOB = randomBytes(64 * 1024);
const DIGEST = `sha256:${createHash('sha256').update(BLOB).digest('hex')}`;

/** Reads a response to its end or its breaking point, counting the body bytes that arrived. */
function download(url: string): Promise<{ status?: number; declared?: number; received: number; complete: boolean; error?: string }> {
  return new Promise((resolve) => {
    let responded = false;
    const req = http.get(url, { agent: false }, (res) => {
      responded = true;
      let received = 0;
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('error', () => {});
      res.on('close', () =>
        resolve({ status: res.statusCode, declared: Number(res.headers['content-length']), received, complete: res.complete }),
      );
    });
    // After the headers, a reset is reported on the request too; the response's close tells the rest.
    req.on(
      'error',
      (error) => responded || resolve({ received: 0, complete: false, error: (error as NodeJS.ErrnoException).code ?? error.message }),
    );
  });
}

/** A monolithic upload (POST, then PUT ?digest=) of `body` through `base`. */
async function uploadBlob(base: string, body: Buffer, headers: Record<string, string> = {}): Promise<number> {
  const start = await request(`${base}/v2/harness/faults/blobs/uploads/`, { method: 'POST', headers });
  expect(start.status).toBe(202);
  const location = new URL(String(start.headers.location));
  expect(location.origin).toBe(base); // the registry's Location leads back through the proxy
  location.searchParams.set('digest', DIGEST);
  const put = await request(location.href, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body });
  return put.status;
}

describe('fault proxy in front of a plain registry', () => {
  let registry: RegistryHandle;
  let proxy: FaultProxy;
  const usePlan = (plan: FaultPlan): void => {
    proxy.setPlan(plan);
    proxy.resetStats();
  };

  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startFaultProxy({ target: registry });
    expect(await uploadBlob(proxy.url, BLOB)).toBe(201);
  });
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });
  beforeEach(() => usePlan({ rules: [] }));

  it('answers 503 to the first N matching requests, then forwards', async () => {
    usePlan({ rules: [{ ...ROUTES.ping, fault: { type: 'status', status: 503 }, times: 2 }] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(`${proxy.url}/v2/`)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(proxy.stats).toMatchObject({
      requests: 3,
      forwarded: 1,
      faults: 2,
      byRule: [2],
      byType: { status: 2, reset: 0, truncate: 0, stall: 0 },
    });
    expect(proxy.stats.log.map((r) => r.fault)).toEqual(['status', 'status', undefined]);
  });

  it('sends Retry-After and the registry error shape with 429, and DENIED with 403', async () => {
    usePlan({
      rules: [
        { method: 'GET', fault: { type: 'status', status: 429, retryAfter: 3 }, times: 1 },
        { method: 'GET', fault: { type: 'status', status: 403 }, times: 1 },
      ],
    });
    const limited = await request(`${proxy.url}/v2/`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.json()).toEqual({ errors: [{ code: 'TOOMANYREQUESTS', message: 'injected by the hplugin fault proxy' }] });
    const denied = await request(`${proxy.url}/v2/`);
    expect(denied.json<{ errors: Array<{ code: string }> }>().errors[0]?.code).toBe('DENIED');
    expect(proxy.stats.byRule).toEqual([1, 1]);
  });

  it('fails only the method and path it is told to, after skipping the first ones', async () => {
    usePlan({ rules: [{ ...ROUTES.blobHead, fault: { type: 'status', status: 500 }, skip: 1, times: 1 }] });
    const blobUrl = `${proxy.url}/v2/harness/faults/blobs/${DIGEST}`;
    const heads = [];
    for (let i = 0; i < 3; i++) heads.push((await request(blobUrl, { method: 'HEAD' })).status);
    const get = await request(blobUrl);
    expect(heads).toEqual([200, 500, 200]);
    expect(get.status).toBe(200);
    expect(proxy.stats).toMatchObject({ requests: 4, faults: 1 });
  });

  it('reads a whole upload before answering it with an injected status', async () => {
    usePlan({ rules: [{ ...ROUTES.uploadFinish, fault: { type: 'status', status: 503 }, times: 1 }] });
    expect(await uploadBlob(proxy.url, Buffer.concat([BLOB, BLOB]))).toBe(503);
    expect(proxy.stats).toMatchObject({ requests: 2, forwarded: 1, faults: 1 });
  });

  it('resets the connection after N bytes of an upload, and the registry keeps nothing', async () => {
    usePlan({ rules: [{ ...ROUTES.uploadFinish, fault: { type: 'reset', on: 'request', after: 1024 } }] });
    const other = Buffer.concat([BLOB, Buffer.from('x')]);
    await expect(uploadBlob(proxy.url, other)).rejects.toThrow(/ECONNRESET|EPIPE|socket hang up/);
    const digest = `sha256:${createHash('sha256').update(other).digest('hex')}`;
    expect((await request(`${registry.url}/v2/harness/faults/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404);
    expect(proxy.stats).toMatchObject({ faults: 1, byType: { reset: 1 } });
  });

  it('resets the connection in the middle of a download', async () => {
    usePlan({ rules: [{ ...ROUTES.blobGet, fault: { type: 'reset', on: 'response', after: 100 } }] });
    const result = await download(`${proxy.url}/v2/harness/faults/blobs/${DIGEST}`);
    expect(result.status).toBe(200);
    expect(result.complete).toBe(false);
    expect(result.received).toBeLessThanOrEqual(100);
    expect(proxy.stats.byType.reset).toBe(1);
  });

  it('truncates a response body to exactly N bytes under its full Content-Length', async () => {
    usePlan({ rules: [{ ...ROUTES.blobGet, fault: { type: 'truncate', after: 1000 } }] });
    const result = await download(`${proxy.url}/v2/harness/faults/blobs/${DIGEST}`);
    expect(result).toMatchObject({ status: 200, declared: BLOB.length, received: 1000, complete: false });
    expect(proxy.stats.byType.truncate).toBe(1);
  });

  it('stalls before forwarding and in the middle of a body, then delivers it whole', async () => {
    usePlan({
      rules: [
        { ...ROUTES.ping, fault: { type: 'stall', ms: 100 } },
        { ...ROUTES.blobGet, fault: { type: 'stall', ms: 100, after: 4096 } },
      ],
    });
    expect((await request(`${proxy.url}/v2/`)).status).toBe(200);
    const blob = await request(`${proxy.url}/v2/harness/faults/blobs/${DIGEST}`);
    expect(blob.body.equals(BLOB)).toBe(true);
    expect(proxy.stats).toMatchObject({ faults: 2, forwarded: 2, byType: { stall: 2 } });
  });

  it('draws probabilities from its seed: the same plan gives the same faults', async () => {
    const plan: FaultPlan = { seed: 42, rules: [{ ...ROUTES.ping, fault: { type: 'status', status: 502 }, probability: 0.5 }] };
    const run = async (): Promise<number[]> => {
      usePlan(plan);
      const statuses = [];
      for (let i = 0; i < 16; i++) statuses.push((await request(`${proxy.url}/v2/`)).status);
      return statuses;
    };
    const first = await run();
    expect(proxy.stats.faults).toBe(first.filter((s) => s === 502).length);
    expect(await run()).toEqual(first);
    expect(first).toContain(502);
    expect(first).toContain(200);
  });

  it('lets oras push through a 503 on the manifest PUT (oras retries it)', async () => {
    usePlan({ rules: [{ ...ROUTES.manifestPut, fault: { type: 'status', status: 503 }, times: 1 }] });
    const work = await mkdtemp(join(tmpdir(), 'hplugin-fault-test-'));
    try {
      await writeFile(join(work, 'layer.bin'), randomBytes(32 * 1024));
      const push = await runPeer('oras', ['push', '--plain-http', `${proxy.host}/harness/oras:v1`, 'layer.bin'], { cwd: work });
      expect(push.stderr).toBe('');
      expect(push.code).toBe(0);
      expect(proxy.stats.byRule).toEqual([1]);
      expect(proxy.stats.log.filter((r) => r.method === 'PUT' && ROUTES.manifestPut.path.test(r.path))).toHaveLength(2);
      const pull = await runPeer('oras', ['pull', ...orasFlags(registry), '-o', join(work, 'out'), `${registry.host}/harness/oras:v1`]);
      expect(pull.code).toBe(0);
      expect((await readFile(join(work, 'out', 'layer.bin'))).equals(await readFile(join(work, 'layer.bin')))).toBe(true);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('fault proxy in front of a TLS registry', () => {
  it('speaks http to the client and https (trusting the CA) to the registry', async () => {
    const registry = await startRegistry({ auth: 'htpasswd' });
    const proxy = await startFaultProxy({
      target: registry,
      plan: { rules: [{ ...ROUTES.uploadStart, fault: { type: 'status', status: 502 }, times: 1 }] },
    });
    try {
      const auth = { authorization: basicAuth(registry.username!, registry.password!) };
      expect((await request(`${proxy.url}/v2/`)).status).toBe(401);
      expect((await request(`${proxy.url}/v2/`, { headers: auth })).status).toBe(200);
      expect((await request(`${proxy.url}/v2/harness/faults/blobs/uploads/`, { method: 'POST', headers: auth })).status).toBe(502);
      expect(await uploadBlob(proxy.url, BLOB, auth)).toBe(201);
      expect(proxy.stats).toMatchObject({ requests: 5, forwarded: 4, faults: 1 });
    } finally {
      await proxy.stop();
      await registry.stop();
    }
  });
});

describe('fault picker', () => {
  it('repeats its decisions for a seed and differs for another', () => {
    const plan: FaultPlan = { seed: 7, rules: [{ fault: { type: 'status', status: 500 }, probability: 0.3 }] };
    const decide = (p: FaultPlan) => {
      const pick = createFaultPicker(p);
      return Array.from({ length: 64 }, () => pick('GET', '/v2/') !== undefined);
    };
    expect(decide(plan)).toEqual(decide(plan));
    expect(decide({ ...plan, seed: 8 })).not.toEqual(decide(plan));
  });

  it('tries rules in order and moves on when one is used up', () => {
    const pick = createFaultPicker({
      rules: [
        { method: 'PUT', fault: { type: 'status', status: 500 }, times: 1 },
        { fault: { type: 'status', status: 503 }, times: 1 },
      ],
    });
    expect(pick('GET', '/v2/')?.rule).toBe(1);
    expect(pick('PUT', '/v2/')?.rule).toBe(0);
    expect(pick('PUT', '/v2/')).toBeUndefined();
  });
});
