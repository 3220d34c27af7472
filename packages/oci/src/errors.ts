/**
 * Registry answers and network failures turned into HpluginErrors with permanent codes and a hint.
 * Registries explain failures in a JSON body (`{"errors":[{code,message,detail}]}`); proxies and
 * load balancers in front of them answer with HTML. Both must end up readable, and neither may leak
 * a credential (messages carry no header values and no token-endpoint query strings). Hints name
 * client options through `spell` (option-spelling.ts), so the CLI can print its own flags instead.
 */
import { HpluginError, type ErrorCode, type HpluginErrorOptions } from '@hplugin/core';
import { LIBRARY_SPELLING, type Spell } from './option-spelling.js';
import { TIMEOUT_CODES } from './transport-errors.js';

export interface RegistryErrorEntry {
  code: string;
  message?: string;
  detail?: unknown;
}

export interface ErrorContext {
  /** What we were doing, e.g. "push manifest localhost:5000/team/app:1.0". */
  operation: string;
  host: string;
}

/** Parse a distribution error body; undefined when it is not one (HTML, empty, other JSON). */
export function parseErrorBody(body: string): RegistryErrorEntry[] | undefined {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return undefined;
    return parsed.errors.filter(
      (e): e is RegistryErrorEntry => typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string',
    );
  } catch {
    return undefined;
  }
}

interface Mapping {
  code: ErrorCode;
  hint: (ctx: ErrorContext, spell: Spell) => string;
}

/** The options of HpluginError for a hint that names client options. */
export function optionHint(template: (spell: Spell) => string): Pick<HpluginErrorOptions, 'hintTemplate' | 'librarySpelling'> {
  return { hintTemplate: template, librarySpelling: LIBRARY_SPELLING };
}

const LOGIN: Mapping = { code: 'REGISTRY_UNAUTHORIZED', hint: (c, spell) => `Log in first: ${spell('login', c.host)}.` };
const DENIED: Mapping = {
  code: 'REGISTRY_DENIED',
  hint: () => 'Your credentials are valid but lack permission for this repository: ask for push/pull access, or check the repository name.',
};
const NAME_UNKNOWN: Mapping = {
  code: 'REGISTRY_NAME_UNKNOWN',
  hint: () => 'Check the repository name; some registries need the repository to be created before the first push.',
};
const MANIFEST_UNKNOWN: Mapping = {
  code: 'REGISTRY_MANIFEST_UNKNOWN',
  hint: () => 'Check the tag or digest: the registry has no manifest under it.',
};
const MANIFEST_INVALID: Mapping = {
  code: 'REGISTRY_MANIFEST_INVALID',
  hint: () => 'The registry rejected the manifest: check its media types; some registries refuse unknown artifact or config types.',
};
const BLOB_UNKNOWN: Mapping = {
  code: 'REGISTRY_BLOB_UNKNOWN',
  hint: () => 'A referenced blob is missing from the registry: push again; hplugin uploads missing blobs before the manifest.',
};
const DIGEST: Mapping = {
  code: 'REGISTRY_DIGEST_MISMATCH',
  hint: () => 'The content does not match its digest: rebuild the artifact, and check for a proxy that rewrites bodies.',
};
const TOO_MANY: Mapping = {
  code: 'REGISTRY_TOO_MANY_REQUESTS',
  hint: () => 'The registry is rate-limiting you: wait and retry, or log in for a higher limit.',
};
const UNSUPPORTED: Mapping = { code: 'REGISTRY_UNSUPPORTED', hint: () => 'The registry does not support this operation.' };
const SERVER: Mapping = {
  code: 'REGISTRY_SERVER_ERROR',
  hint: () => 'The registry failed; hplugin already retried. Try again later or check the registry logs.',
};
const UPLOAD: Mapping = {
  code: 'REGISTRY_UPLOAD_FAILED',
  hint: () => 'The upload session broke; run the command again (already uploaded blobs are skipped).',
};
const OTHER: Mapping = { code: 'REGISTRY_REQUEST_FAILED', hint: (_c, spell) => `Run again with ${spell('verbose')} to see the exchange.` };

const BY_REGISTRY_CODE: Record<string, Mapping> = {
  UNAUTHORIZED: LOGIN,
  DENIED,
  NAME_UNKNOWN,
  NAME_INVALID: NAME_UNKNOWN,
  MANIFEST_UNKNOWN,
  MANIFEST_INVALID,
  MANIFEST_UNVERIFIED: MANIFEST_INVALID,
  MANIFEST_BLOB_UNKNOWN: BLOB_UNKNOWN,
  BLOB_UNKNOWN,
  DIGEST_INVALID: DIGEST,
  SIZE_INVALID: DIGEST,
  BLOB_UPLOAD_INVALID: UPLOAD,
  BLOB_UPLOAD_UNKNOWN: UPLOAD,
  TOOMANYREQUESTS: TOO_MANY,
  UNSUPPORTED,
};

const MISSING_CONTENT_CODES = new Set(['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN']);

function byStatus(status: number): Mapping {
  if (status === 401) return LOGIN;
  if (status === 403) return DENIED;
  if (status === 404) return NAME_UNKNOWN;
  if (status === 429) return TOO_MANY;
  if (status === 405) return UNSUPPORTED;
  if (status >= 500) return SERVER;
  return OTHER;
}

function describe(entry: RegistryErrorEntry): string {
  const detail =
    entry.detail === undefined || entry.detail === null
      ? ''
      : ` (${typeof entry.detail === 'string' ? entry.detail : JSON.stringify(entry.detail)})`;
  return `${entry.code}${entry.message ? `: ${entry.message}` : ''}${detail}`;
}

const INSUFFICIENT_SCOPE: Mapping = {
  code: 'REGISTRY_UNAUTHORIZED',
  hint: (c, spell) =>
    `The registry accepted who you are but not this action (insufficient_scope): these credentials can probably pull but not push to this repository. Ask for push access, or log in as a user who has it (${spell('relogin', c.host)}).`,
};

/** A TLS server answering a plain-http request (nginx and distribution both say so in a 400). */
function httpToHttps(status: number, body: string): boolean {
  return status === 400 && /HTTP request to an HTTPS server|plain HTTP request was sent to HTTPS port/i.test(body);
}

/**
 * An unexpected HTTP answer. `body` is the (possibly truncated) response text; `wwwAuthenticate`, when
 * given, lets a 401 for a missing permission be told apart from missing credentials.
 */
export function registryError(
  status: number,
  contentType: string | undefined,
  body: string,
  ctx: ErrorContext,
  wwwAuthenticate?: string,
): HpluginError {
  const entries = parseErrorBody(body);
  const details = { status, host: ctx.host, operation: ctx.operation };
  if (httpToHttps(status, body)) {
    return new HpluginError(
      'REGISTRY_BAD_RESPONSE',
      `${ctx.operation} failed: ${ctx.host} speaks https, and hplugin spoke plain http to it (http is the default only for localhost and loopback addresses).`,
      {
        ...optionHint(
          (spell) =>
            `Pass ${spell('https')} to use https, with ${spell('caFile')} for a private CA or ${spell('insecure')} to skip verification.`,
        ),
        details,
      },
    );
  }
  if (status === 401 && /error="?insufficient_scope/i.test(wwwAuthenticate ?? '')) {
    return new HpluginError(
      INSUFFICIENT_SCOPE.code,
      `${ctx.operation} failed: the registry answered 401 insufficient_scope${entries?.length ? ` (${entries.map(describe).join('; ')})` : ''}.`,
      {
        ...optionHint((spell) => INSUFFICIENT_SCOPE.hint(ctx, spell)),
        details: { ...details, reason: 'insufficient_scope' },
      },
    );
  }
  if (entries && entries.length > 0) {
    // The registry's own code is more precise than the status (a 404 may be BLOB_UNKNOWN or NAME_UNKNOWN).
    // Of several codes, a missing blob says what to do: distribution refuses a manifest whose blob it
    // cannot find with DIGEST_INVALID first and MANIFEST_BLOB_UNKNOWN second.
    const first = entries.find((e) => MISSING_CONTENT_CODES.has(e.code)) ?? entries[0]!;
    const mapping = BY_REGISTRY_CODE[first.code] ?? byStatus(status);
    return new HpluginError(mapping.code, `${ctx.operation} failed: the registry answered ${status} ${entries.map(describe).join('; ')}.`, {
      ...optionHint((spell) => mapping.hint(ctx, spell)),
      details: { ...details, registryCodes: entries.map((e) => e.code) },
    });
  }
  const looksHtml = /html/i.test(contentType ?? '') || /^\s*</.test(body);
  // 401/403/404/429/5xx mean the same with or without a body: keep their specific codes.
  const mapping = byStatus(status);
  if (mapping !== OTHER) {
    return new HpluginError(
      mapping.code,
      `${ctx.operation} failed: the registry answered ${status}${looksHtml ? ' with an HTML page' : ''}.`,
      { ...optionHint((spell) => mapping.hint(ctx, spell)), details },
    );
  }
  return badResponse(
    ctx,
    `the registry answered ${status}${looksHtml ? ' with an HTML page (a proxy or login portal in front of the registry?)' : body ? ` with "${body.slice(0, 120)}"` : ''}`,
    status,
  );
}

/** The registry answered something we cannot use: wrong type, malformed JSON, missing header. */
export function badResponse(ctx: ErrorContext, why: string, status?: number): HpluginError {
  return new HpluginError('REGISTRY_BAD_RESPONSE', `${ctx.operation} failed: ${why}.`, {
    hint: `Check that ${ctx.host} is an OCI registry and that no proxy rewrites its answers.`,
    details: { host: ctx.host, operation: ctx.operation, ...(status !== undefined ? { status } : {}) },
  });
}

export function digestMismatch(ctx: ErrorContext, what: string, expected: string, actual: string): HpluginError {
  return new HpluginError('REGISTRY_DIGEST_MISMATCH', `${ctx.operation} failed: ${what} should be ${expected} but is ${actual}.`, {
    ...optionHint((spell) => DIGEST.hint(ctx, spell)),
    details: { host: ctx.host, operation: ctx.operation, expected, actual },
  });
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
]);

/** A failure below HTTP: DNS, refused connections, TLS, resets that outlasted the retries. */
export function networkError(err: unknown, ctx: ErrorContext & { url: URL }): HpluginError {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  // A wrapper (a proxy agent, a stream) may carry the socket error in `cause`.
  const code = e.code ?? e.cause?.code ?? '';
  const text = `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  const target = `${ctx.url.protocol}//${ctx.url.host}`;
  const details = { host: ctx.host, operation: ctx.operation, errno: code };
  if (TIMEOUT_CODES.has(code)) return timedOut(ctx, err);
  if (TLS_CODES.has(code) || /certificate/i.test(text)) {
    return new HpluginError(
      'REGISTRY_TLS',
      `${ctx.operation} failed: the TLS certificate of ${ctx.url.host} is not trusted (${code || text.trim()}).`,
      {
        ...optionHint(
          (spell) =>
            `Pass ${spell('caFile')} with the CA that signed it, or ${spell('insecure')} to skip verification (test registries only).`,
        ),
        cause: err,
        details,
      },
    );
  }
  if (/wrong version number|packet length too long|ERR_SSL/i.test(`${code} ${text}`)) {
    return new HpluginError(
      'REGISTRY_UNREACHABLE',
      `${ctx.operation} failed: ${target} did not answer TLS; it looks like a plain HTTP server.`,
      {
        ...optionHint((spell) => `Pass ${spell('plainHttp')} if ${ctx.url.host} serves plain HTTP.`),
        cause: err,
        details,
      },
    );
  }
  const why =
    code === 'ECONNREFUSED'
      ? 'the connection was refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name does not resolve'
        : code.includes('TIMEOUT') || code === 'ETIMEDOUT'
          ? 'the connection timed out'
          : `the connection failed (${code || text.trim()})`;
  return new HpluginError('REGISTRY_UNREACHABLE', `${ctx.operation} failed: ${why} to ${target}.`, {
    ...optionHint((spell) =>
      ctx.url.protocol === 'http:'
        ? `Check that the registry is running at ${target}.`
        : `Check that the registry is running at ${target}; if it serves plain HTTP, pass ${spell('plainHttp')}.`,
    ),
    cause: err,
    details,
  });
}

/** A manifest that parses as JSON but is not a usable image manifest (no layers array, bad descriptors). */
export function malformedManifest(ctx: ErrorContext, why: string, digest?: string): HpluginError {
  return new HpluginError(
    'REGISTRY_MANIFEST_MALFORMED',
    `${ctx.operation} failed: the manifest ${why}${digest ? ` (manifest ${digest})` : ''}.`,
    {
      hint: 'Nothing was written. The artifact was not made by an OCI tool, or was tampered with: ask whoever published it to push it again.',
      details: { host: ctx.host, operation: ctx.operation, ...(digest ? { digest } : {}) },
    },
  );
}

/** The connection ended before the body the registry announced was complete. */
export function truncatedResponse(ctx: ErrorContext, cause: unknown): HpluginError {
  return new HpluginError(
    'REGISTRY_RESPONSE_TRUNCATED',
    `${ctx.operation} failed: the connection to ${ctx.host} ended in the middle of the answer (${(cause as Error).message ?? String(cause)}).`,
    {
      hint: 'Run the command again; if it keeps failing, a proxy or the registry cuts long answers short.',
      cause,
      details: { host: ctx.host, operation: ctx.operation },
    },
  );
}

/** A descriptor that declares more bytes than the caller allows to be written. */
export function blobTooLarge(ctx: ErrorContext, digest: string, size: number, limit: number): HpluginError {
  return new HpluginError(
    'REGISTRY_BLOB_TOO_LARGE',
    `${ctx.operation} failed: the blob ${digest} declares ${size} bytes, more than the limit of ${limit} bytes.`,
    {
      ...optionHint(
        (spell) =>
          `Nothing was downloaded. A Higress plugin is at most 256 MiB; if you trust this artifact, raise the limit with ${spell('maxBlobSize')}.`,
      ),
      details: { host: ctx.host, operation: ctx.operation, digest, size, limit },
    },
  );
}

/** No connection, no answer, or no next byte of one within the request timeout (after the retries). */
export function timedOut(ctx: ErrorContext & { url: URL }, cause: unknown): HpluginError {
  return new HpluginError(
    'REGISTRY_TIMEOUT',
    `${ctx.operation} failed: ${ctx.url.host} sent nothing within the request timeout, on every try.`,
    {
      ...optionHint(
        (spell) => `The registry or a proxy in front of it hangs. Try again later, or allow more time with ${spell('timeout')}.`,
      ),
      cause,
      details: { host: ctx.host, operation: ctx.operation },
    },
  );
}
