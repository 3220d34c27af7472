/**
 * Composing stores, and the adapter the auth layer takes. The library reads no HPLUGIN_* variable:
 * the CLI decides which host CI credentials belong to and hands them in as a staticStore in front of
 * the docker config store (storeWithFallbacks).
 */
import { HpluginError } from '@hplugin/core';
import { normalizeRegistry } from '../reference.js';
import { registerCredentialSecrets, type Credential, type CredentialProvider, type CredentialStore } from './types.js';

/** What the auth client calls, from any store. */
export function credentialFromStore(store: CredentialStore): CredentialProvider {
  return (registry) => store.get(normalizeRegistry(registry));
}

function readOnly(what: string, serverAddress: string): HpluginError {
  return new HpluginError(
    'CREDENTIALS_STORE_READ_ONLY',
    `Cannot ${what} the credential for ${serverAddress}: the store holds fixed credentials and is read-only.`,
    {
      hint: 'Log in (or out) through a writable store, such as dockerConfigStore() or fileStore(path).',
      details: { host: serverAddress },
    },
  );
}

/**
 * Fixed credentials (from flags, --password-stdin, or CI variables), answered only for `host` (any
 * spelling of it): asked about any other registry it answers nothing, so a client built for another
 * host (a mount source, a second registry in the same process) can never send them.
 */
export function staticStore(credential: Credential, host: string): CredentialStore {
  registerCredentialSecrets(credential);
  const bound = normalizeRegistry(host);
  return {
    get: async (serverAddress) => (normalizeRegistry(serverAddress) === bound ? { ...credential } : undefined),
    put: async (serverAddress) => {
      throw readOnly('store', serverAddress);
    },
    delete: async (serverAddress) => {
      throw readOnly('delete', serverAddress);
    },
    location: async () => 'fixed credentials',
  };
}

/** A writable store in memory, for programs that hold their credentials themselves (and for tests). */
export function memoryStore(initial: Record<string, Credential> = {}): CredentialStore {
  const entries = new Map(Object.entries(initial).map(([server, c]) => [normalizeRegistry(server), c]));
  entries.forEach(registerCredentialSecrets);
  return {
    get: async (serverAddress) => {
      const c = entries.get(normalizeRegistry(serverAddress));
      return c ? { ...c } : undefined;
    },
    put: async (serverAddress, credential) => {
      registerCredentialSecrets(credential);
      entries.set(normalizeRegistry(serverAddress), { ...credential });
    },
    delete: async (serverAddress) => entries.delete(normalizeRegistry(serverAddress)),
    location: async () => 'memory',
  };
}

/**
 * get() asks `primary`, then each fallback in order, and answers the first credential found;
 * put() and delete() go to `primary` only, as in oras-go's NewStoreWithFallbacks.
 */
export function storeWithFallbacks(primary: CredentialStore, ...fallbacks: CredentialStore[]): CredentialStore {
  return {
    async get(serverAddress) {
      for (const store of [primary, ...fallbacks]) {
        const found = await store.get(serverAddress);
        if (found) return found;
      }
      return undefined;
    },
    put: (serverAddress, credential) => primary.put(serverAddress, credential),
    delete: (serverAddress) => primary.delete(serverAddress),
    ...(primary.location ? { location: (serverAddress: string) => primary.location!(serverAddress) } : {}),
  };
}
