import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blobTooLarge, networkError, registryError, timedOut } from '@hplugin/oci';
import type { Io } from './context.js';
import { CLI_OPTION_SPELLING } from './option-spelling.js';
import { printError } from './output.js';

const ctx = { operation: 'push manifest r.io/a:1', host: 'r.io' };
const url = new URL('https://r.io/v2/');
const tlsError = Object.assign(new Error('fetch failed'), {
  cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
});

function capture(): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const collect = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const io: Io = { stdout: collect((s) => (out += s)), stderr: collect((s) => (err += s)), stdin: Readable.from([]), env: {} };
  return { io, out: () => out, err: () => err };
}

// The OCI client words its hints with option names; users of the CLI must still read the flags.
describe('hints of @hplugin/oci, as the CLI prints them', () => {
  it.each([
    [
      'login',
      registryError(401, 'application/json', '', ctx),
      'Log in first: hplugin login r.io (or set HPLUGIN_REGISTRY_USERNAME and HPLUGIN_REGISTRY_PASSWORD).',
    ],
    [
      'https',
      registryError(400, 'text/plain', 'Client sent an HTTP request to an HTTPS server.', ctx),
      'Pass --plain-http=false (or an https:// prefix on the registry) to use https, with --ca-file <ca.pem> for a private CA or --insecure to skip verification.',
    ],
    [
      'tls',
      networkError(tlsError, { ...ctx, url }),
      'Pass --ca-file <ca.pem> with the CA that signed it, or --insecure to skip verification (test registries only).',
    ],
    [
      'blob size',
      blobTooLarge(ctx, 'sha256:00', 2, 1),
      'Nothing was downloaded. A Higress plugin is at most 256 MiB; if you trust this artifact, raise the limit with --max-blob-size <MiB>.',
    ],
    [
      'timeout',
      timedOut({ ...ctx, url }, new Error('x')),
      'The registry or a proxy in front of it hangs. Try again later, or allow more time with --timeout <seconds> (default 60).',
    ],
  ])('%s: names the flag, while the library hint names the option', (_name, error, cliHint) => {
    expect(error.hintFor(CLI_OPTION_SPELLING)).toBe(cliHint);
    expect(error.hint).not.toMatch(/--[a-z]|HPLUGIN_|hplugin login/);
  });

  it('printError uses the CLI spelling, as text and as JSON', () => {
    const error = timedOut({ ...ctx, url }, new Error('x'));
    const text = capture();
    printError(error, { json: false, verbose: false, color: false, io: text.io });
    expect(text.err()).toContain(
      'hint: The registry or a proxy in front of it hangs. Try again later, or allow more time with --timeout <seconds> (default 60).',
    );
    const json = capture();
    printError(error, { json: true, verbose: false, color: false, io: json.io });
    expect(JSON.parse(json.out())).toMatchObject({
      ok: false,
      error: { code: 'REGISTRY_TIMEOUT', hint: expect.stringContaining('--timeout <seconds>') },
    });
  });
});
