/**
 * Blob uploads: an optional cross-repository mount, then a monolithic PUT, or PATCH chunks for
 * large blobs with resume from the registry's Range after a failure. Every body is streamed with an
 * explicit Content-Length (some registries refuse chunked transfer encoding).
 */
import { Transform, pipeline, type Readable } from 'node:stream';
import { HpluginError, isHpluginError } from '@hplugin/core';
import { badResponse, digestMismatch, registryError } from '../errors.js';
import { isRetryableStatus } from '../retry.js';
import type { BlobSource } from '../blob-source.js';
import { openSlice } from '../blob-source.js';
import { fileRange } from '../file-body.js';
import { repositoryScope } from '../auth/scope.js';
import { assertNoDowngrade, header, type BodySource, type HttpResponse } from '../transport.js';
import { RegistryClient } from './client.js';
import { readCapped } from '../body.js';

export interface UploadOptions {
  /** Try to mount the blob from this repository of the same registry first. */
  mountFrom?: string;
  /** Called with the number of bytes of this blob confirmed sent so far (never decreasing). */
  onProgress?: (sentBytes: number) => void;
}

export type UploadOutcome = 'uploaded' | 'mounted';

/** Counts bytes as they leave; progress only moves forward even when a retry re-sends. */
function counted(source: Readable, offset: number, report: (position: number) => void): Readable {
  let position = offset;
  // A Transform, not a 'data' listener: listening would switch the stream to flowing mode and
  // lose the first chunks before the request starts reading.
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      report((position += chunk.length));
      done(null, chunk);
    },
  });
  pipeline(source, counter, () => {});
  return counter;
}

/**
 * Bytes [start, end) of the blob as a request body, reporting progress. A blob with a file on disk
 * is read by the transport through reused buffers (bounded memory); others are streamed.
 */
function blobBody(blob: BlobSource, start: number, end: number, progress: (position: number) => void): BodySource {
  const whole = start === 0 && end === blob.descriptor.size;
  if (blob.path) {
    const onWritten = (written: number) => progress(start + written);
    // A range cannot be verified on its own (the registry checks the whole upload's digest).
    const verify = whole && blob.corrupt ? { digest: blob.descriptor.digest, mismatch: blob.corrupt } : undefined;
    return fileRange(blob.path, start, end, { onWritten, ...(verify ? { verify } : {}) });
  }
  return () => counted(whole ? blob.open() : openSlice(blob, start, end), start, progress);
}

/** The upload URL with `digest=` appended, keeping the Location's own query (distribution's `_state`). */
export function withDigest(location: URL, digest: string): URL {
  const url = new URL(location);
  url.search = `${url.search ? `${url.search}&` : '?'}digest=${encodeURIComponent(digest)}`;
  return url;
}

function locationOf(res: HttpResponse, ctx: { operation: string; host: string }): URL {
  const location = header(res, 'location');
  if (!location) throw badResponse(ctx, `the registry answered ${res.status} without a Location header`);
  let next: URL;
  try {
    next = new URL(location, res.url);
  } catch {
    throw badResponse(ctx, `the registry answered ${res.status} with a Location that is not a URL`);
  }
  // The blob goes wherever the Location says: an https session must not continue over plain http.
  assertNoDowngrade(res.url, next, 'sent the upload to');
  return next;
}

async function startSession(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  options: UploadOptions,
): Promise<URL | 'mounted'> {
  const op = `upload blob ${blob.descriptor.digest} to ${client.registry}/${repository}`;
  const base = client.url(`/v2/${repository}/blobs/uploads/`);
  if (options.mountFrom && options.mountFrom !== repository) {
    const url = new URL(base);
    url.searchParams.set('mount', blob.descriptor.digest);
    url.searchParams.set('from', options.mountFrom);
    const scopes = [...RegistryClient.pushScope(repository), repositoryScope(options.mountFrom, ['pull'])];
    const res = await client.send({ method: 'POST', url, headers: { 'content-length': '0' }, scopes }, op);
    if (res.status === 201) {
      await res.body.dump();
      return 'mounted';
    }
    // 202: the registry could not mount but opened a normal session for us; use it.
    if (res.status === 202) {
      await res.body.dump();
      return locationOf(res, client.context(op));
    }
    // 401/403/404 and friends: no read access to the source, or no mount support. Upload instead.
    client.reporter.debug(`mount of ${blob.descriptor.digest} from ${options.mountFrom} refused (${res.status}); uploading`);
    await res.body.dump();
  }
  const res = await client.expect(
    await client.send({ method: 'POST', url: base, headers: { 'content-length': '0' }, scopes: RegistryClient.pushScope(repository) }, op),
    [202],
    op,
  );
  await res.body.dump();
  return locationOf(res, client.context(op));
}

async function finish(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  location: URL,
  body: BodySource | undefined,
  length: number,
  op: string,
): Promise<void> {
  const res = await client.expect(
    await client.send(
      {
        method: 'PUT',
        url: withDigest(location, blob.descriptor.digest),
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) },
        ...(body ? { body } : {}),
        scopes: RegistryClient.pushScope(repository),
      },
      op,
    ),
    [201, 204],
    op,
  );
  await res.body.dump();
  const stored = header(res, 'docker-content-digest');
  if (stored && stored !== blob.descriptor.digest)
    throw digestMismatch(client.context(op), 'the digest the registry stored', blob.descriptor.digest, stored);
}

/** Ask the session how much it holds: `Range: 0-<last byte>`. */
async function uploadedSoFar(
  client: RegistryClient,
  repository: string,
  location: URL,
  op: string,
): Promise<{ offset: number; location: URL }> {
  const res = await client.expect(
    await client.send({ method: 'GET', url: location, scopes: RegistryClient.pushScope(repository) }, op),
    [204],
    op,
  );
  await res.body.dump();
  const end = /^(?:bytes=)?0-(\d+)$/.exec(header(res, 'range') ?? '')?.[1];
  const next = header(res, 'location') ? locationOf(res, client.context(op)) : location;
  // distribution reports "0-0" for an empty session (and for one byte); assume empty and let a 416 correct us.
  return { offset: end === undefined || end === '0' ? 0 : Number(end) + 1, location: next };
}

async function uploadChunked(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  start: URL,
  op: string,
  progress: (n: number) => void,
): Promise<void> {
  const size = blob.descriptor.size;
  let location = start;
  let offset = 0;
  let failures = 0;
  while (offset < size) {
    const end = Math.min(offset + client.chunkSize, size);
    let res: HttpResponse | undefined;
    let problem: unknown;
    try {
      const from = offset;
      res = await client.send(
        {
          method: 'PATCH',
          url: location,
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(end - from),
            'content-range': `${from}-${end - 1}`,
          },
          body: blobBody(blob, from, end, progress),
          scopes: RegistryClient.pushScope(repository),
        },
        op,
      );
    } catch (err) {
      // Only broken connections are resumable; auth and TLS failures are final.
      if (!isHpluginError(err) || err.code !== 'REGISTRY_UNREACHABLE') throw err;
      problem = err;
    }
    if (res && res.status === 202) {
      await res.body.dump();
      location = locationOf(res, client.context(op));
      const confirmed = /^(?:bytes=)?0-(\d+)$/.exec(header(res, 'range') ?? '')?.[1];
      offset = confirmed !== undefined ? Number(confirmed) + 1 : end;
      failures = 0;
      continue;
    }
    if (res && res.status !== 416 && !isRetryableStatus(res.status)) {
      throw registryError(
        res.status,
        header(res, 'content-type'),
        await readCapped(res, client.context(op)),
        client.context(op),
        header(res, 'www-authenticate'),
      );
    }
    if (res) await res.body.dump();
    if (++failures >= client.retry.maxAttempts) {
      throw (
        problem ??
        new HpluginError(
          'REGISTRY_UPLOAD_FAILED',
          `${op} failed: the chunk at byte ${offset} was refused ${failures} times (last answer ${res?.status}).`,
          {
            hint: 'Run the command again; blobs already uploaded are skipped.',
          },
        )
      );
    }
    // The registry may have kept part of the chunk: ask where to resume.
    ({ offset, location } = await uploadedSoFar(client, repository, location, op));
    client.reporter.debug(`${op}: resuming at byte ${offset}`);
  }
  await finish(client, repository, blob, location, undefined, 0, op);
}

// A broken session (distribution forgets an upload whose PUT was cut off) is not worth replaying:
// these failures start a fresh session instead.
const RESTARTABLE = new Set(['REGISTRY_UPLOAD_FAILED', 'REGISTRY_UNREACHABLE', 'REGISTRY_SERVER_ERROR']);

/** Upload one blob (the caller has checked that the registry lacks it). */
export async function uploadBlob(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  const op = `upload blob ${blob.descriptor.digest} to ${client.registry}/${repository}`;
  let reported = 0;
  const progress = (position: number) => {
    if (position > reported) options.onProgress?.((reported = position));
  };
  const size = blob.descriptor.size;
  for (let attempt = 1; ; attempt++) {
    // Mounting is only worth one try; a restart goes straight to a plain upload.
    const session = await startSession(client, repository, blob, attempt === 1 ? options : {});
    if (session === 'mounted') return 'mounted';
    try {
      if (size >= client.chunkThreshold) await uploadChunked(client, repository, blob, session, op, progress);
      else await finish(client, repository, blob, session, blobBody(blob, 0, size, progress), size, op);
      return 'uploaded';
    } catch (err) {
      if (attempt >= client.retry.maxAttempts || !isHpluginError(err) || !RESTARTABLE.has(err.code)) throw err;
      client.reporter.debug(`${op}: ${err.message}; starting a new upload session`);
    }
  }
}
