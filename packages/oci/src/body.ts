/**
 * Reading answers from a registry or token server, bounded. Every body read into memory has a
 * ceiling (a hostile server must not make us buffer gigabytes), and a connection that ends in the
 * middle of a body is REGISTRY_RESPONSE_TRUNCATED, not an unexplained socket error.
 */
import { badResponse, truncatedResponse, type ErrorContext } from './errors.js';
import type { HttpResponse } from './transport.js';

/** Error bodies are read for their message only. */
export const MAX_ERROR_BODY = 64 * 1024;
/** A token answer is a few KiB of JSON; 1 MiB is generous. */
export const MAX_TOKEN_BODY = 1024 * 1024;
/** Small JSON answers: /v2/, a page of tags. */
export const MAX_JSON_BODY = 4 * 1024 * 1024;

/** At most `limit` bytes of the body (then it stops reading); callers compare the length to their limit. */
export async function readCappedBytes(res: HttpResponse, limit: number, ctx: ErrorContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= limit) {
        res.body.destroy();
        break;
      }
    }
  } catch (err) {
    throw truncatedResponse(ctx, err);
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

export async function readCapped(res: HttpResponse, ctx: ErrorContext, limit = MAX_ERROR_BODY): Promise<string> {
  return (await readCappedBytes(res, limit, ctx)).toString('utf8');
}

/** The whole body, refused when it is larger than `limit`. */
export async function readBounded(res: HttpResponse, ctx: ErrorContext, limit: number, what = 'the answer'): Promise<string> {
  const bytes = await readCappedBytes(res, limit + 1, ctx);
  if (bytes.length > limit) throw badResponse(ctx, `${what} is larger than ${limit} bytes`);
  return bytes.toString('utf8');
}

export async function readJson<T>(res: HttpResponse, ctx: ErrorContext, limit = MAX_JSON_BODY): Promise<T> {
  const text = await readBounded(res, ctx, limit);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw badResponse(
      ctx,
      /^\s*</.test(text) ? 'the registry answered an HTML page instead of JSON' : 'the registry answered malformed JSON',
    );
  }
}
