/**
 * The gateway verdict, checked against the gateway's own code. Every shape in shapes.ts is pushed
 * with our OCI client to a real docker-registry; then the real image fetcher (istio pkg/wasm, via
 * test/oracles/istio-fetcher) and hplugin's verdict (inspectRemote, what `hplugin inspect <ref>`
 * prints) are asked about it, and must agree on: accept or reject, the manifest digest the gateway
 * pins (what a WasmPlugin sha256 must be), and the sha256 of the module it would load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectRemote } from '@hplugin/publish';
import { askIstioFetcher, type OracleVerdict } from '../oracles/istio-fetcher.js';
import { pushShape, useShapeBench } from './push-shape.js';
import { SHAPES, type Shape } from './shapes.js';

const bench = useShapeBench();

interface Comparable {
  accepted: boolean;
  digest?: string;
  sha256?: string;
  size?: number;
}

function fromOracle(o: OracleVerdict): Comparable {
  return o.accepted ? { accepted: true, digest: o.digest!, sha256: o.sha256!, size: o.size } : { accepted: false };
}

async function judge(shape: Shape, index: number): Promise<{ oracle: OracleVerdict; ours: Comparable; reason: string }> {
  const dir = await mkdtemp(join(bench.work, 'shape-'));
  try {
    const repository = `shapes/s${index}`;
    const digest = await pushShape(bench.registry, await shape.build(dir), repository, 'v1');
    const ref = `${bench.registry.host}/${repository}${shape.byDigest ? `@${digest}` : ':v1'}`;
    const [oracle, inspection] = await Promise.all([askIstioFetcher(ref), inspectRemote(ref)]);
    const v = inspection.verdict;
    const ours: Comparable = v.ok
      ? {
          accepted: true,
          digest: v.pinned!.digest.replace(/^sha256:/, ''),
          sha256: v.wasm!.digest.replace(/^sha256:/, ''),
          size: v.wasm!.size,
        }
      : { accepted: false };
    return { oracle, ours, reason: v.reason };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the gateway verdict equals the istio image fetcher on every shape', () => {
  SHAPES.forEach((shape, i) => {
    it(shape.name, async () => {
      const { oracle, ours, reason } = await judge(shape, i);
      expect(ours, `hplugin says: ${reason}\nthe fetcher says: ${oracle.error ?? 'accepted'}`).toEqual(fromOracle(oracle));
      if (!oracle.accepted) expect(oracle.error).toBeTruthy();
    });
  });
});
