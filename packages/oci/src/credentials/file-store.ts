/**
 * The file store: docker's config.json `auths`, the plain-text store docker, oras and hplugin share
 * when no credential helper is configured. Reads match any spelling of the host; writes are atomic,
 * locked and mode 0600 (see docker-config.ts).
 */
import { UsageError, registerSecret } from '@hplugin/core';
import { decodeAuthEntry, findAuthEntry, readDockerConfig, writeAuthEntry, type DockerAuthEntry } from './docker-config.js';
import { isEmptyCredential, registerCredentialSecrets, type Credential, type CredentialStore } from './types.js';

function cannotStore(serverAddress: string, why: string, hint: string): UsageError {
  return new UsageError('CREDENTIALS_CANNOT_STORE', `Cannot store the credential for ${serverAddress}: ${why}.`, {
    hint,
    details: { host: serverAddress },
  });
}

/** The `auths` entry docker would write for this credential. */
function authEntryFor(serverAddress: string, credential: Credential): DockerAuthEntry {
  if (isEmptyCredential(credential)) throw cannotStore(serverAddress, 'it is empty', 'Pass a username and password, or a token.');
  const entry: DockerAuthEntry = {};
  if (credential.username !== undefined || credential.password !== undefined) {
    // `auth` is base64("user:password") and is split at the first colon when read back.
    if (credential.username?.includes(':'))
      throw cannotStore(
        serverAddress,
        'the username contains a colon',
        'Docker cannot store such a username; use an access token with another user name.',
      );
    entry.auth = Buffer.from(`${credential.username ?? ''}:${credential.password ?? ''}`).toString('base64');
    registerSecret(entry.auth);
  }
  if (credential.identityToken) entry.identitytoken = credential.identityToken;
  if (credential.registryToken) entry.registrytoken = credential.registryToken;
  return entry;
}

export function fileStore(configPath: string): CredentialStore {
  return {
    async get(serverAddress) {
      const entry = findAuthEntry(await readDockerConfig(configPath), serverAddress);
      return entry ? decodeAuthEntry(entry) : undefined;
    },
    async put(serverAddress, credential) {
      registerCredentialSecrets(credential);
      await writeAuthEntry(configPath, serverAddress, authEntryFor(serverAddress, credential));
    },
    delete: (serverAddress) => writeAuthEntry(configPath, serverAddress, undefined),
    location: async () => configPath,
  };
}
