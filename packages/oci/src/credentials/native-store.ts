/**
 * The native store: one docker credential helper (`docker-credential-<name>`, e.g. `pass`,
 * `osxkeychain`, `desktop`), asked with the key docker uses for the server.
 */
import { UsageError } from '@hplugin/core';
import { credentialKey } from '../reference.js';
import { helperErase, helperGet, helperStore } from './helper.js';
import { registerCredentialSecrets, type CredentialStore } from './types.js';

// Docker's marker, in a helper's Username, for an identity (refresh) token in Secret.
const IDENTITY_TOKEN_USER = '<token>';

export function nativeStore(helper: string): CredentialStore {
  return {
    get: (serverAddress) => helperGet(helper, credentialKey(serverAddress)),
    async put(serverAddress, credential) {
      registerCredentialSecrets(credential);
      const [username, secret] = credential.identityToken
        ? [IDENTITY_TOKEN_USER, credential.identityToken]
        : [credential.username ?? '', credential.password];
      // A helper keeps one user and one secret: a bare registry token has no place there.
      if (!secret) {
        throw new UsageError(
          'CREDENTIALS_CANNOT_STORE',
          `Cannot store the credential for ${serverAddress} in docker-credential-${helper}: a credential helper keeps a password or an identity token, and this credential has neither.`,
          {
            hint: 'Pass a username and password, or an identity token.',
            details: { host: serverAddress, helper },
          },
        );
      }
      await helperStore(helper, credentialKey(serverAddress), username, secret);
    },
    delete: (serverAddress) => helperErase(helper, credentialKey(serverAddress)),
    location: async () => `docker-credential-${helper}`,
  };
}
