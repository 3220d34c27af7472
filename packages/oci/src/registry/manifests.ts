/**
 * Manifest GET/HEAD/PUT. Everything read is verified: its digest (against the reference or the
 * expected descriptor, and the registry's Docker-Content-Digest), its size, that it is a JSON
 * object, and that every descriptor it names (config, layers, child manifests) is usable.
 */
import { HpluginError } from '@hplugin/core';
import { badResponse, digestMismatch, malformedManifest } from '../errors.js';
import { parseManifestDocument, type ManifestDocument } from '../manifest-document.js';
import { MANIFEST_ACCEPT, isDigest, sha256Digest, type Descriptor } from '../spec.js';
import { header, type HttpResponse } from '../transport.js';
import { RegistryClient } from './client.js';
import { readCappedBytes } from '../body.js';

// distribution accepts 4 MiB manifests; anything much larger is not a manifest.
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

export interface FetchedManifest {
  descriptor: Descriptor;
  bytes: Buffer;
  /** The manifest or index, parsed and checked once (parseManifestDocument). */
  manifest: ManifestDocument;
}

function mediaTypeOf(res: HttpResponse): string | undefined {
  return header(res, 'content-type')?.split(';')[0]?.trim();
}

/** `reference` is a tag or a digest. Pass `expected` when you hold the descriptor (pull by digest). */
export async function fetchManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  expected?: Descriptor,
): Promise<FetchedManifest> {
  const op = `get manifest ${client.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
  const ctx = client.context(op);
  const url = client.url(`/v2/${repository}/manifests/${reference}`);
  const res = await client.expect(
    await client.send({ method: 'GET', url, headers: { accept: MANIFEST_ACCEPT }, scopes: RegistryClient.pullScope(repository) }, op),
    [200],
    op,
  );
  const declared = Number(header(res, 'content-length') ?? NaN);
  if (declared > MAX_MANIFEST_BYTES || (expected && expected.size > MAX_MANIFEST_BYTES)) {
    res.body.destroy();
    throw badResponse(ctx, `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`);
  }
  const bytes = await readCappedBytes(res, MAX_MANIFEST_BYTES + 1, ctx);
  if (bytes.length > MAX_MANIFEST_BYTES) throw badResponse(ctx, `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`);
  const digest = sha256Digest(bytes);
  const want = expected?.digest ?? (isDigest(reference) ? reference : undefined);
  if (want && want !== digest) throw digestMismatch(ctx, 'the manifest digest', want, digest);
  const served = header(res, 'docker-content-digest');
  if (served?.startsWith('sha256:') && served !== digest) throw digestMismatch(ctx, 'the Docker-Content-Digest header', digest, served);
  if (expected && expected.size !== bytes.length)
    throw digestMismatch(ctx, 'the manifest size', String(expected.size), String(bytes.length));
  if (Number.isFinite(declared) && declared !== bytes.length)
    throw badResponse(ctx, `the body has ${bytes.length} bytes but Content-Length said ${declared}`);

  // Parsed once, here, where every manifest read from a registry passes: its descriptors become
  // file names, URLs and sizes in every reader (pull, the gateway verdict, signatures, referrers).
  const parsed = parseManifestDocument(bytes);
  if (parsed.problem !== undefined) {
    if (!parsed.json)
      throw badResponse(ctx, parsed.html ? 'the registry answered an HTML page instead of a manifest' : 'the manifest is not valid JSON');
    throw malformedManifest(ctx, parsed.problem, digest);
  }
  const manifest = parsed.document;
  const mediaType = manifest.mediaType ?? mediaTypeOf(res) ?? 'application/octet-stream';
  return { descriptor: { mediaType, digest, size: bytes.length }, bytes, manifest };
}

/** The manifest's descriptor, or undefined when the registry does not have it. */
export async function headManifest(client: RegistryClient, repository: string, reference: string): Promise<Descriptor | undefined> {
  const op = `check manifest ${client.registry}/${repository}:${reference}`;
  const url = client.url(`/v2/${repository}/manifests/${reference}`);
  const res = await client.send(
    { method: 'HEAD', url, headers: { accept: MANIFEST_ACCEPT }, scopes: RegistryClient.pullScope(repository) },
    op,
  );
  if (res.status === 404) {
    await res.body.dump();
    return undefined;
  }
  await client.expect(res, [200], op);
  await res.body.dump();
  const digest = header(res, 'docker-content-digest');
  const size = Number(header(res, 'content-length'));
  if (!digest || !Number.isFinite(size)) throw badResponse(client.context(op), 'the answer lacks Docker-Content-Digest or Content-Length');
  if (isDigest(reference) && digest !== reference) throw digestMismatch(client.context(op), 'the manifest digest', reference, digest);
  return { mediaType: mediaTypeOf(res) ?? 'application/octet-stream', digest, size };
}

/** PUT under a tag or its digest; returns the digest the registry confirmed. */
export async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<string> {
  const digest = sha256Digest(bytes);
  if (isDigest(reference) && reference !== digest) {
    throw new HpluginError('REGISTRY_DIGEST_MISMATCH', `Cannot push the manifest under ${reference}: its content hashes to ${digest}.`, {
      hint: 'Push by tag, or use the digest of the manifest bytes.',
    });
  }
  const op = `push manifest ${client.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
  const url = client.url(`/v2/${repository}/manifests/${reference}`);
  const body = Buffer.from(bytes);
  const res = await client.expect(
    await client.send(
      {
        method: 'PUT',
        url,
        headers: { 'content-type': mediaType, 'content-length': String(body.length) },
        body,
        scopes: RegistryClient.pushScope(repository),
      },
      op,
    ),
    [200, 201],
    op,
  );
  await res.body.dump();
  const confirmed = header(res, 'docker-content-digest');
  if (confirmed && confirmed !== digest) throw digestMismatch(client.context(op), 'the digest the registry stored', digest, confirmed);
  return digest;
}
