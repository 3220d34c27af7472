/**
 * Signing keys: ECDSA P-256, the key type `cosign generate-key-pair` makes.
 *
 * Read: a PEM PKCS#8 / SEC1 private key, a PEM public key (PKIX, what cosign.pub holds), or cosign's
 * own encrypted private key ("ENCRYPTED SIGSTORE PRIVATE KEY": a JSON envelope of scrypt parameters,
 * a NaCl secretbox nonce and the sealed PKCS#8 key, from go-securesystemslib), unlocked with a
 * password. Written: an encrypted key in that same format when a password is given, else PEM
 * PKCS#8; and cosign.pub. So keys move between hplugin and cosign in both directions.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { secretbox } from '@noble/ciphers/salsa.js';
import { UsageError, writeFileAtomic } from '@hplugin/core';

const ENCRYPTED_LABELS = ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'];
// go-securesystemslib's defaults, which cosign uses: N=2^16, r=8, p=1, a 32-byte key.
const SCRYPT = { N: 65536, r: 8, p: 1 };

interface EncryptedEnvelope {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

function pemBlock(label: string, der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function pemLabel(text: string): string | undefined {
  return /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
}

function pemBody(text: string, label: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  return Buffer.from((m?.[1] ?? '').replace(/\s+/g, ''), 'base64');
}

function scryptKey(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  // Node refuses scrypt above maxmem (32 MiB by default); N=2^15, r=8 needs 32 MiB plus change.
  return scryptSync(Buffer.from(password, 'utf8'), salt, 32, { ...params, maxmem: 256 * params.N * params.r });
}

function assertP256(key: KeyObject, path: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new UsageError(
      'KEY_UNSUPPORTED',
      `${path} is a ${key.asymmetricKeyType ?? 'unknown'} key${key.asymmetricKeyDetails?.namedCurve ? ` (${key.asymmetricKeyDetails.namedCurve})` : ''}; hplugin signs and verifies with ECDSA P-256 keys, like cosign's default.`,
      {
        hint: 'Create one with `hplugin key generate` or `cosign generate-key-pair`.',
      },
    );
  }
}

function decryptCosignKey(text: string, label: string, password: string | undefined, path: string): KeyObject {
  if (password === undefined) {
    throw new UsageError('KEY_PASSWORD_MISSING', `${path} is an encrypted cosign key, and no password was given to unlock it.`, {
      hint: 'Set COSIGN_PASSWORD (or HPLUGIN_KEY_PASSWORD) to its password.',
    });
  }
  let env: EncryptedEnvelope;
  try {
    env = JSON.parse(pemBody(text, label).toString('utf8')) as EncryptedEnvelope;
  } catch (err) {
    throw new UsageError(
      'KEY_INVALID',
      `${path} says it is an encrypted cosign key, but its content is not the JSON envelope cosign writes.`,
      { hint: 'Use the cosign.key that `cosign generate-key-pair` or `hplugin key generate` wrote.', cause: err },
    );
  }
  if (env.kdf?.name !== 'scrypt' || env.cipher?.name !== 'nacl/secretbox') {
    throw new UsageError(
      'KEY_UNSUPPORTED',
      `${path} is encrypted with ${env.kdf?.name}/${env.cipher?.name}; only scrypt with nacl/secretbox (cosign's format) is supported.`,
      { hint: 'Re-create the key with `cosign generate-key-pair`.' },
    );
  }
  const key = scryptKey(password, Buffer.from(env.kdf.salt, 'base64'), env.kdf.params);
  let der: Uint8Array;
  try {
    der = secretbox(key, Buffer.from(env.cipher.nonce, 'base64')).open(Buffer.from(env.ciphertext, 'base64'));
  } catch {
    throw new UsageError('KEY_PASSWORD_WRONG', `Cannot decrypt ${path}: the password is wrong (or the file was altered).`, {
      hint: 'Check COSIGN_PASSWORD / HPLUGIN_KEY_PASSWORD.',
    });
  }
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      'KEY_NOT_FOUND',
      `Cannot read the key ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      {
        hint: 'Pass --key with the path of a PEM key (cosign.key to sign, cosign.pub to verify); `hplugin key generate` makes a pair.',
        cause: err,
      },
    );
  }
}

/** The private key in `path` (PEM, or cosign's encrypted format with `password`). */
export async function loadPrivateKey(path: string, password?: string): Promise<KeyObject> {
  const text = await readKeyFile(path);
  const label = pemLabel(text);
  let key: KeyObject;
  if (label && ENCRYPTED_LABELS.includes(label)) key = decryptCosignKey(text, label, password, path);
  else if (label === 'PRIVATE KEY' || label === 'EC PRIVATE KEY') key = createPrivateKey(text);
  else {
    throw new UsageError('KEY_INVALID', `${path} is not a private key (${label ? `found a PEM "${label}" block` : 'no PEM block'}).`, {
      hint: 'Signing needs the private key (cosign.key); the public key (cosign.pub) is for verify.',
    });
  }
  assertP256(key, path);
  return key;
}

/** The public key for verification: a PEM public key, or the public half of a private key file. */
export async function loadPublicKey(path: string, password?: string): Promise<KeyObject> {
  const text = await readKeyFile(path);
  const label = pemLabel(text);
  if (label === 'PUBLIC KEY') {
    let key: KeyObject;
    try {
      key = createPublicKey(text);
    } catch (err) {
      throw new UsageError('KEY_INVALID', `${path} has a PUBLIC KEY block that does not parse.`, {
        hint: 'Use the cosign.pub that came with the key.',
        cause: err,
      });
    }
    assertP256(key, path);
    return key;
  }
  return createPublicKey(await loadPrivateKey(path, password));
}

export interface GeneratedKeyPair {
  privateKeyPath: string;
  publicKeyPath: string;
  encrypted: boolean;
}

/** Writes `<prefix>.key` (mode 0600) and `<prefix>.pub`; refuses to overwrite either. */
export async function generateKeyPair(prefix: string, options: { password?: string; force?: boolean } = {}): Promise<GeneratedKeyPair> {
  const privateKeyPath = `${prefix}.key`;
  const publicKeyPath = `${prefix}.pub`;
  if (!options.force) {
    for (const p of [privateKeyPath, publicKeyPath]) {
      if (existsSync(p))
        throw new UsageError('KEY_EXISTS', `${p} already exists; refusing to overwrite a key.`, {
          hint: 'Choose another --output prefix, or pass --force to replace it.',
        });
    }
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  let privatePem: string;
  if (options.password !== undefined) {
    const salt = randomBytes(32);
    const nonce = randomBytes(24);
    const sealed = secretbox(scryptKey(options.password, salt, SCRYPT), nonce).seal(pkcs8);
    const envelope: EncryptedEnvelope = {
      kdf: { name: 'scrypt', params: SCRYPT, salt: salt.toString('base64') },
      cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
      ciphertext: Buffer.from(sealed).toString('base64'),
    };
    privatePem = pemBlock(ENCRYPTED_LABELS[0]!, Buffer.from(JSON.stringify(envelope)));
  } else privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await writeFileAtomic(privateKeyPath, privatePem, { mode: 0o600 });
  await writeFileAtomic(publicKeyPath, publicKey.export({ format: 'pem', type: 'spki' }).toString());
  return { privateKeyPath, publicKeyPath, encrypted: options.password !== undefined };
}

/** The password for an encrypted key, from the environment cosign reads (COSIGN_PASSWORD) or ours. */
export function keyPassword(env: NodeJS.ProcessEnv): string | undefined {
  return env.HPLUGIN_KEY_PASSWORD ?? env.COSIGN_PASSWORD;
}
