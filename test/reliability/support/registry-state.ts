/**
 * What the registry really holds, asked directly (never through the fault proxy): the digest a
 * tag points at, and tags whose manifest references content the registry does not have.
 */
import { request, type RegistryHandle } from '../../harness/index.js';

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

type Direct = Pick<RegistryHandle, 'url' | 'caFile'> & { authorization?: string };

function headers(registry: Direct, accept = ACCEPT): Record<string, string> {
  return { accept, ...(registry.authorization ? { authorization: registry.authorization } : {}) };
}

/** The manifest digest under `tag`, or undefined when the tag does not exist. */
export async function tagDigest(registry: Direct, repository: string, tag: string): Promise<string | undefined> {
  const res = await request(`${registry.url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: headers(registry),
    caFile: registry.caFile,
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`HEAD ${repository}:${tag} answered ${res.status}`);
  return String(res.headers['docker-content-digest']);
}

export async function listTags(registry: Direct, repository: string): Promise<string[]> {
  const res = await request(`${registry.url}/v2/${repository}/tags/list`, {
    headers: headers(registry, 'application/json'),
    caFile: registry.caFile,
  });
  if (res.status === 404) return [];
  return res.json<{ tags?: string[] | null }>().tags ?? [];
}

export interface DanglingTag {
  reference: string;
  missing: string[];
}

/**
 * Every tag of these repositories whose manifest is unreadable or whose config or layers are not
 * all present in the repository: the "tag pointing at partial content" a publish must never leave.
 */
export async function danglingTags(registry: Direct, repositories: string[]): Promise<{ tags: number; dangling: DanglingTag[] }> {
  let tags = 0;
  const dangling: DanglingTag[] = [];
  for (const repository of repositories) {
    for (const tag of await listTags(registry, repository)) {
      tags++;
      const reference = `${repository}:${tag}`;
      const res = await request(`${registry.url}/v2/${repository}/manifests/${tag}`, {
        headers: headers(registry),
        caFile: registry.caFile,
      });
      if (res.status !== 200) {
        dangling.push({ reference, missing: [`manifest (HTTP ${res.status})`] });
        continue;
      }
      const manifest = res.json<{ config?: { digest: string }; layers?: Array<{ digest: string }> }>();
      const missing: string[] = [];
      for (const d of [manifest.config, ...(manifest.layers ?? [])]) {
        if (!d) continue;
        const blob = await request(`${registry.url}/v2/${repository}/blobs/${d.digest}`, {
          method: 'HEAD',
          headers: headers(registry, '*/*'),
          caFile: registry.caFile,
        });
        if (blob.status !== 200) missing.push(d.digest);
      }
      if (missing.length > 0) dangling.push({ reference, missing });
    }
  }
  return { tags, dangling };
}
