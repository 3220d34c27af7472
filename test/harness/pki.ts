/**
 * Per-run key material, made with the openssl CLI (node:crypto can make keys but not certificates).
 *
 * API:
 *   createTlsFiles(dir): a fresh CA and a server certificate valid for 127.0.0.1 and localhost
 *   createClientCert(dir, tls): a client certificate signed by that CA (mutual TLS)
 *   createTokenSigner(): a self-signed RSA certificate and its key (in memory), for RS256 tokens
 *
 * Everything lives for 2 days at most and only in `dir`; nothing is trusted system-wide.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HarnessError } from './harness-error.js';
import { findTool } from './tools.js';

const run = promisify(execFile);

export interface TlsFiles {
  /** PEM of the CA; pass it as `--ca-file` (oras) or trust it in Node (`ca`). */
  caFile: string;
  /** The CA's private key, to sign more certificates (createClientCert). */
  caKeyFile: string;
  /** A folder holding only `ca.crt`: the shape `skopeo --cert-dir` and containers' certs.d expect. */
  certDir: string;
  certFile: string;
  keyFile: string;
}

export interface TokenSigner {
  /** PEM of the certificate: the registry's `rootcertbundle`. */
  certPem: string;
  /** DER of the certificate, base64 (not url-safe) as the JWS `x5c` header wants it. */
  x5c: string;
  privateKey: KeyObject;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run(findTool('openssl'), args, { timeout: 30_000 });
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    throw new HarnessError('HARNESS_PKI_FAILED', `openssl ${args[0]} failed: ${stderr.trim() || String(cause)}`, {
      hint: 'The harness needs OpenSSL 3 (for `req -x509 -CA`); check `openssl version`.',
      cause,
    });
  }
}

// P-256 keys: instant to generate, and every client here (Go, Node) accepts them.
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export async function createTlsFiles(dir: string): Promise<TlsFiles> {
  const certDir = join(dir, 'certs');
  await mkdir(certDir, { recursive: true });
  const caFile = join(certDir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    '/CN=hplugin test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const server = await signLeaf(dir, 'server', { caFile, caKeyFile: caKey }, [
    '/CN=127.0.0.1',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    'extendedKeyUsage=serverAuth',
  ]);
  return { caFile, caKeyFile: caKey, certDir, ...server };
}

/** A client certificate signed by the same CA, for registries that require mutual TLS. */
export async function createClientCert(
  dir: string,
  ca: Pick<TlsFiles, 'caFile' | 'caKeyFile'>,
): Promise<{ certFile: string; keyFile: string }> {
  return signLeaf(dir, 'client', ca, ['/CN=hplugin client', 'extendedKeyUsage=clientAuth']);
}

/** A leaf certificate and its key (`<name>.crt`, `<name>.key` in `dir`), signed by the CA: subject, then extensions. */
async function signLeaf(
  dir: string,
  name: string,
  ca: Pick<TlsFiles, 'caFile' | 'caKeyFile'>,
  [subject, ...extensions]: string[],
): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-CA',
    ca.caFile,
    '-CAkey',
    ca.caKeyFile,
    '-subj',
    subject!,
    ...['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', ...extensions].flatMap((e) => ['-addext', e]),
  ]);
  return { certFile, keyFile };
}

export async function createTokenSigner(): Promise<TokenSigner> {
  // The files live only as long as this call: callers keep the key in memory and write the
  // certificate where their registry reads it.
  const dir = await mkdtemp(join(tmpdir(), 'hplugin-token-signer-'));
  try {
    return await generateTokenSigner(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function generateTokenSigner(dir: string): Promise<TokenSigner> {
  const certFile = join(dir, 'token-signer.crt');
  const keyFile = join(dir, 'token-signer.key');
  // RSA because the registry's token mode is usually run with RS256; 2048 bits keeps it quick.
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=hplugin test token issuer',
  ]);
  const certPem = await readFile(certFile, 'utf8');
  const cert = new X509Certificate(certPem);
  return {
    certPem,
    x5c: cert.raw.toString('base64'),
    privateKey: createPrivateKey(await readFile(keyFile)),
  };
}
