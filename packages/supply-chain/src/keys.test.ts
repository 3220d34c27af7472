import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, loadPrivateKey, loadPublicKey } from './keys.js';
import { simpleSigningPayload } from './cosign.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hplugin-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signing keys', () => {
  it('generates a PEM pair (private key 0600) whose halves sign and verify', async () => {
    const pair = await generateKeyPair(join(dir, 'plain'));
    expect(pair.encrypted).toBe(false);
    expect((await stat(pair.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect(await readFile(pair.publicKeyPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const payload = simpleSigningPayload('r/x', `sha256:${'0'.repeat(64)}`);
    const signature = sign('sha256', payload, await loadPrivateKey(pair.privateKeyPath));
    expect(verify('sha256', payload, await loadPublicKey(pair.publicKeyPath), signature)).toBe(true);
    // The public half of a private key file verifies too.
    expect(verify('sha256', payload, await loadPublicKey(pair.privateKeyPath), signature)).toBe(true);
  });

  it("writes and reads cosign's encrypted format; a wrong or missing password is a clear error", async () => {
    const pair = await generateKeyPair(join(dir, 'enc'), { password: 'pw' });
    expect(await readFile(pair.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----/);
    const key = await loadPrivateKey(pair.privateKeyPath, 'pw');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    await expect(loadPrivateKey(pair.privateKeyPath, 'nope')).rejects.toMatchObject({ code: 'KEY_PASSWORD_WRONG', exitCode: 2 });
    await expect(loadPrivateKey(pair.privateKeyPath)).rejects.toMatchObject({ code: 'KEY_PASSWORD_MISSING' });
  });

  it('refuses to overwrite keys, other curves, a public key for signing, and missing files', async () => {
    await generateKeyPair(join(dir, 'once'));
    await expect(generateKeyPair(join(dir, 'once'))).rejects.toMatchObject({ code: 'KEY_EXISTS' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    await writeFile(join(dir, 'rsa.key'), rsa);
    await expect(loadPrivateKey(join(dir, 'rsa.key'))).rejects.toMatchObject({ code: 'KEY_UNSUPPORTED' });
    await expect(loadPrivateKey(join(dir, 'once.pub'))).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(loadPublicKey(join(dir, 'missing.pub'))).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
  });
});

describe('the simple-signing payload', () => {
  it("has cosign's exact bytes (field order included)", () => {
    expect(simpleSigningPayload('127.0.0.1:5000/x/demo', `sha256:${'a'.repeat(64)}`).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/x/demo"},"image":{"docker-manifest-digest":"sha256:${'a'.repeat(64)}"},"type":"cosign container image signature"},"optional":null}`,
    );
  });
});
