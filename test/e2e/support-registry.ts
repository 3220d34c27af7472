/**
 * What the registry really holds, asked of the peer tools (skopeo, oras) rather than of hplugin,
 * so the publish suites never grade hplugin with its own client.
 *
 *   await registryDigest(registry, 'plugins/demo:1.0.0')   sha256 of `skopeo inspect --raw` bytes
 *   await orasDescriptor(registry, 'plugins/demo:1.0.0')   `oras manifest fetch --descriptor`
 *   await tagExists(registry, 'plugins/demo', '1.0.0')      `skopeo list-tags`
 *   sha256Hex(bytes)
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { orasFlags, runPeer, skopeoFlags, type PeerResult, type RegistryHandle } from '../harness/index.js';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function expectPeerOk(result: PeerResult, what: string): PeerResult {
  expect(result.code, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** The manifest digest as skopeo sees it: sha256 of the exact bytes the registry serves. */
export async function registryDigest(registry: RegistryHandle, ref: string): Promise<string> {
  // --raw prints the bytes verbatim; a trailing newline would change the hash, and skopeo adds none.
  const raw = expectPeerOk(
    await runPeer('skopeo', ['inspect', '--raw', ...skopeoFlags(registry), `docker://${registry.host}/${ref}`]),
    `skopeo inspect --raw ${ref}`,
  );
  return `sha256:${sha256Hex(raw.stdout)}`;
}

export async function orasDescriptor(registry: RegistryHandle, ref: string): Promise<{ mediaType: string; digest: string; size: number }> {
  const res = expectPeerOk(
    await runPeer('oras', ['manifest', 'fetch', '--descriptor', ...orasFlags(registry), `${registry.host}/${ref}`]),
    `oras manifest fetch ${ref}`,
  );
  return JSON.parse(res.stdout);
}

export async function listTags(registry: RegistryHandle, repository: string): Promise<string[]> {
  const res = await runPeer('skopeo', ['list-tags', ...skopeoFlags(registry), `docker://${registry.host}/${repository}`]);
  if (res.code !== 0) {
    // A repository nobody pushed to: distribution answers NAME_UNKNOWN.
    expect(res.stderr).toMatch(/name unknown|NAME_UNKNOWN|404 \(Not Found\)/i);
    return [];
  }
  return (JSON.parse(res.stdout) as { Tags: string[] | null }).Tags ?? [];
}
