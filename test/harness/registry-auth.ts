/**
 * Sets up the credentials of one harness registry: an htpasswd file, or a token issuer.
 *
 * API:
 *   createHtpasswd(dir, user): Promise<string>           path of a bcrypt htpasswd file
 *   startIssuerFor(dir, users, settings, tls?): Promise<{ issuer, rootCertBundle }>
 *     the issuer serves https with the registry's certificate when the registry does
 *   newUser(name): RegistryUser                           random password, registered as a secret
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { registerSecret } from '@hplugin/core';
import { HarnessError } from './harness-error.js';
import { createTokenSigner, type TokenSigner } from './pki.js';
import { startTokenIssuer, type TokenIssuer, type TokenIssuerOptions } from './token-issuer.js';
import { findTool } from './tools.js';

export interface RegistryUser {
  username: string;
  password: string;
}

export const TOKEN_SERVICE = 'hplugin-test-registry';
export const TOKEN_ISSUER = 'hplugin-test-issuer';

export function newUser(username: string): RegistryUser {
  const password = randomBytes(12).toString('hex');
  registerSecret(password);
  return { username, password };
}

export async function createHtpasswd(dir: string, user: RegistryUser): Promise<string> {
  // -i reads the password from stdin, so it never shows in `ps`; cost 5 keeps bcrypt (checked on
  // every request by the registry) fast.
  const line = await new Promise<string>((resolve, reject) => {
    const child = execFile(findTool('htpasswd'), ['-niB', '-C', '5', user.username], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new HarnessError('HARNESS_HTPASSWD_FAILED', `htpasswd failed: ${stderr.trim() || error.message}`, {
            hint: 'Check that htpasswd (apache2-utils) runs: `htpasswd -nbB user pass`.',
            cause: error,
          }),
        );
      else resolve(stdout.trim());
    });
    child.stdin!.end(user.password);
  });
  const file = join(dir, 'htpasswd');
  await writeFile(file, `${line}\n`);
  return file;
}

export type IssuerSettings = Pick<TokenIssuerOptions, 'expiresIn' | 'anonymous' | 'oauth2'>;

// An RSA key takes 0.1 to 0.8 s to generate; one signer per test process keeps token registries quick.
let sharedSigner: Promise<TokenSigner> | undefined;

export async function startIssuerFor(
  dir: string,
  users: { push: RegistryUser; pull: RegistryUser },
  settings: IssuerSettings,
  tls: TokenIssuerOptions['tls'],
): Promise<{ issuer: TokenIssuer; rootCertBundle: string }> {
  const signer = await (sharedSigner ??= createTokenSigner());
  // The signer is self-signed, so it is its own root: the registry trusts exactly this key.
  const rootCertBundle = join(dir, 'token-signer.crt');
  await writeFile(rootCertBundle, signer.certPem);
  const issuer = await startTokenIssuer({
    ...settings,
    service: TOKEN_SERVICE,
    issuer: TOKEN_ISSUER,
    signer,
    users: [
      { ...users.push, access: 'push' },
      { ...users.pull, access: 'pull' },
    ],
    ...(tls ? { tls } : {}),
  });
  return { issuer, rootCertBundle };
}
