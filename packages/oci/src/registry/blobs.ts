/**
 * Blob HEAD and GET. A GET is verified while it streams: more bytes than the descriptor's size stop
 * it at once, and a wrong digest fails the stream at its end, so a consumer that writes atomically
 * (downloadBlob) keeps nothing.
 */
import { createHash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import { atomicWriteStream, isHpluginError } from '@hplugin/core';
import { digestMismatch, networkError, type ErrorContext } from '../errors.js';
import { backOff, isRetryableError } from '../retry.js';
import { invalidDigest, isDigest, type Descriptor } from '../spec.js';
import { RegistryClient } from './client.js';

/**
 * The blob's URL. A digest from a manifest is checked first: `sha256:../../v2/other/manifests/x`
 * would otherwise send the request (and its token) to another path of the registry.
 */
function blobUrl(client: RegistryClient, repository: string, descriptor: Descriptor): URL {
  if (!isDigest(descriptor.digest)) throw invalidDigest(descriptor.digest);
  return client.url(`/v2/${repository}/blobs/${descriptor.digest}`);
}

/**
 * HEAD the blob: true when the registry already has it (the push can skip it). A push asks with
 * the push scope so that one token serves the whole push instead of one for pull, one for push.
 */
export async function blobExists(
  client: RegistryClient,
  repository: string,
  descriptor: Descriptor,
  options: { forPush?: boolean } = {},
): Promise<boolean> {
  const op = `check blob ${descriptor.digest} in ${client.registry}/${repository}`;
  const url = blobUrl(client, repository, descriptor);
  const scopes = options.forPush ? RegistryClient.pushScope(repository) : RegistryClient.pullScope(repository);
  const res = await client.send({ method: 'HEAD', url, scopes }, op);
  await res.body.dump();
  if (res.status === 404) return false;
  await client.expect(res, [200], op);
  return true;
}

/** A pass-through that checks size and digest; it errors instead of ending when either is wrong. */
export function verifyingStream(descriptor: Descriptor, ctx: ErrorContext): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > descriptor.size)
        return done(digestMismatch(ctx, 'the blob size', String(descriptor.size), `more than ${descriptor.size} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (seen !== descriptor.size) return done(digestMismatch(ctx, 'the blob size', String(descriptor.size), String(seen)));
      const actual = `sha256:${hash.digest('hex')}`;
      done(actual === descriptor.digest ? null : digestMismatch(ctx, 'the blob digest', descriptor.digest, actual));
    },
  });
}

/** The blob's bytes as a verified stream (redirects to a CDN are followed without our credentials). */
export async function fetchBlob(client: RegistryClient, repository: string, descriptor: Descriptor): Promise<Readable> {
  const op = `get blob ${descriptor.digest} from ${client.registry}/${repository}`;
  const url = blobUrl(client, repository, descriptor);
  const res = await client.expect(await client.send({ method: 'GET', url, scopes: RegistryClient.pullScope(repository) }, op), [200], op);
  const verifier = verifyingStream(descriptor, client.context(op));
  // pipeline forwards a broken download into the verifier and closes the socket when the
  // verifier fails; the consumer sees the error on the stream it reads.
  pipeline(res.body, verifier, () => {});
  return verifier;
}

/**
 * Download into `path` atomically: on any mismatch or failure nothing is left behind. A connection
 * cut in the middle of the body is past the reach of the request retries, so the whole GET is
 * tried again (it is replayable); what still fails is an HpluginError, never a raw socket error.
 */
export async function downloadBlob(client: RegistryClient, repository: string, descriptor: Descriptor, path: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await atomicWriteStream(path, await fetchBlob(client, repository, descriptor));
      return;
    } catch (err) {
      if (isHpluginError(err)) throw err;
      if (attempt < client.retry.maxAttempts && isRetryableError(err)) {
        await backOff(client.retry, attempt - 1);
        continue;
      }
      const op = `get blob ${descriptor.digest} from ${client.registry}/${repository}`;
      throw networkError(err, { ...client.context(op), url: blobUrl(client, repository, descriptor) });
    }
  }
}
