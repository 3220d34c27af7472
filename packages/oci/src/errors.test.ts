import { describe, expect, it } from 'vitest';
import { networkError, registryError } from './errors.js';

const ctx = { operation: 'push manifest r.io/a:1', host: 'r.io' };
const body = (code: string, message = 'msg', detail?: unknown) =>
  JSON.stringify({ errors: [{ code, message, ...(detail !== undefined ? { detail } : {}) }] });

describe('registryError', () => {
  it.each([
    [401, body('UNAUTHORIZED'), 'REGISTRY_UNAUTHORIZED', /store credentials for r\.io/],
    [403, body('DENIED'), 'REGISTRY_DENIED', /permission/],
    [404, body('NAME_UNKNOWN'), 'REGISTRY_NAME_UNKNOWN', /repository name/],
    [404, body('BLOB_UNKNOWN'), 'REGISTRY_BLOB_UNKNOWN', /missing/],
    [400, body('MANIFEST_BLOB_UNKNOWN'), 'REGISTRY_BLOB_UNKNOWN', /missing/],
    [400, body('MANIFEST_INVALID', 'manifest invalid', { reason: 'bad config' }), 'REGISTRY_MANIFEST_INVALID', /media types/],
    [404, body('MANIFEST_UNKNOWN'), 'REGISTRY_MANIFEST_UNKNOWN', /tag or digest/],
    [400, body('DIGEST_INVALID'), 'REGISTRY_DIGEST_MISMATCH', /digest/],
    [429, body('TOOMANYREQUESTS'), 'REGISTRY_TOO_MANY_REQUESTS', /rate-limiting/],
    [429, '', 'REGISTRY_TOO_MANY_REQUESTS', /rate-limiting/],
    [401, '<html>login</html>', 'REGISTRY_UNAUTHORIZED', /store credentials for/],
    [503, '<html><body>Service Unavailable</body></html>', 'REGISTRY_SERVER_ERROR', /retried/],
    [400, '<html><body>Bad gateway page</body></html>', 'REGISTRY_BAD_RESPONSE', /OCI registry/],
    [400, '{"errors": [', 'REGISTRY_BAD_RESPONSE', /OCI registry/],
    [418, '', 'REGISTRY_BAD_RESPONSE', /OCI registry/],
    [404, '', 'REGISTRY_NAME_UNKNOWN', /repository name/],
  ])('%i %s → %s', (status, text, code, hint) => {
    const err = registryError(status, text.startsWith('<') ? 'text/html' : 'application/json', text, ctx);
    expect(err.code).toBe(code);
    expect(err.hint).toMatch(hint);
    expect(err.message).toContain('push manifest r.io/a:1 failed');
    expect(err.details).toMatchObject({ status, host: 'r.io' });
  });

  it('names a missing blob when the registry lists it after DIGEST_INVALID, as distribution does for a manifest', () => {
    // distribution's answer to a manifest PUT while a concurrent push of the same blob rewrote its link.
    const text = JSON.stringify({
      errors: [
        { code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content' },
        { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:74637e8754f8' },
      ],
    });
    const err = registryError(400, 'application/json', text, ctx);
    expect(err.code).toBe('REGISTRY_BLOB_UNKNOWN');
    expect(err.message).toContain('DIGEST_INVALID: provided digest did not match uploaded content; MANIFEST_BLOB_UNKNOWN');
    expect(err.details).toMatchObject({ registryCodes: ['DIGEST_INVALID', 'MANIFEST_BLOB_UNKNOWN'] });
  });

  it('includes the registry message and detail', () => {
    const err = registryError(400, 'application/json', body('MANIFEST_INVALID', 'manifest invalid', { reason: 'unknown media type' }), ctx);
    expect(err.message).toContain('MANIFEST_INVALID: manifest invalid');
    expect(err.message).toContain('unknown media type');
  });
});

describe('registryError hints', () => {
  it('a 401 insufficient_scope says the credentials lack the action, not that a login is missing', () => {
    const err = registryError(
      401,
      'application/json',
      body('UNAUTHORIZED'),
      ctx,
      'Bearer realm="https://auth",error="insufficient_scope",scope="repository:a:pull,push"',
    );
    expect(err.code).toBe('REGISTRY_UNAUTHORIZED');
    expect(err.hint).toMatch(/can probably pull but not push/);
    expect(registryError(401, 'application/json', body('UNAUTHORIZED'), ctx).hint).toMatch(/Log in first/);
  });

  it('a TLS server answering our plain http says how to switch to https', () => {
    const err = registryError(400, 'text/plain', 'Client sent an HTTP request to an HTTPS server.\n', ctx);
    expect(err.code).toBe('REGISTRY_BAD_RESPONSE');
    expect(err.message).toContain('speaks https');
    expect(err.hint).toMatch(/plainHttp: false.*caFile.*insecure: true/);
  });
});

describe('networkError', () => {
  const url = new URL('https://r.io/v2/');
  const sys = (code: string, message = code) =>
    Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
  it.each([
    ['refused', sys('ECONNREFUSED'), 'REGISTRY_UNREACHABLE', /refused/, /running/],
    ['dns', sys('ENOTFOUND'), 'REGISTRY_UNREACHABLE', /does not resolve/, /running/],
    ['self-signed', sys('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'REGISTRY_TLS', /not trusted/, /caFile/],
    ['wrong host name', sys('ERR_TLS_CERT_ALTNAME_INVALID'), 'REGISTRY_TLS', /not trusted/, /insecure: true/],
    [
      'tls to http',
      sys('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      'REGISTRY_UNREACHABLE',
      /plain HTTP server/,
      /plainHttp: true/,
    ],
    ['reset', sys('ECONNRESET'), 'REGISTRY_UNREACHABLE', /ECONNRESET/, /running/],
  ])('%s', (_name, err, code, message, hint) => {
    const mapped = networkError(err, { ...ctx, url });
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    expect(mapped.hint).toMatch(hint);
  });
});
