/**
 * Login and logout, as docker and oras do them: check the credentials against the registry
 * (GET /v2/ with auth), then put them in a credential store; logout deletes from it. The default
 * store is docker's (dockerConfigStore: the configured credential helper, or else config.json's
 * `auths`); pass `store` to keep them elsewhere.
 */
import { HpluginError, registerSecret, type Reporter } from '@hplugin/core';
import { dockerConfigStore } from './credentials/docker-config-store.js';
import { credentialFromStore, staticStore } from './credentials/store.js';
import type { CredentialStore } from './credentials/types.js';
import { normalizeRegistry } from './reference.js';
import { RegistryClient, type RegistryClientOptions } from './registry/client.js';

export interface StoreChoice {
  /** Where the credential goes. Defaults to dockerConfigStore({ configPath, env }). */
  store?: CredentialStore;
  /** For the default store: defaults to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  configPath?: string;
  /** For the default store: DOCKER_CONFIG is read from it. */
  env?: NodeJS.ProcessEnv;
}

export interface LoginOptions extends Omit<RegistryClientOptions, 'credentials'>, StoreChoice {
  username: string;
  password: string;
  reporter?: Reporter;
}

export interface LoginResult {
  registry: string;
  /** `config.json` path, `docker-credential-<helper>`, or what a store of your own reports. */
  storedIn: string;
}

function chosenStore(options: StoreChoice): CredentialStore {
  return (
    options.store ??
    dockerConfigStore({ ...(options.configPath ? { configPath: options.configPath } : {}), ...(options.env ? { env: options.env } : {}) })
  );
}

const whereIs = async (store: CredentialStore, registry: string) => (await store.location?.(registry)) ?? 'the credential store';

export async function login(registryInput: string, options: LoginOptions): Promise<LoginResult> {
  const registry = normalizeRegistry(registryInput);
  registerSecret(options.password);
  const credential = { username: options.username, password: options.password };
  const client = new RegistryClient(registry, { ...options, credentials: credentialFromStore(staticStore(credential, registry)) });
  try {
    await client.ping();
  } catch (err) {
    if (err instanceof HpluginError && err.code === 'REGISTRY_UNAUTHORIZED') {
      throw new HpluginError('REGISTRY_UNAUTHORIZED', `Login to ${registry} failed: the registry rejected the username or password.`, {
        hint: 'Check the username and password (or access token) and try again.',
        details: { host: registry },
      });
    }
    throw err;
  } finally {
    await client.close();
  }
  const store = chosenStore(options);
  await store.put(registry, credential);
  return { registry, storedIn: await whereIs(store, registry) };
}

export interface LogoutResult {
  registry: string;
  /** False when nothing was stored for this registry. */
  removed: boolean;
  storedIn: string;
}

export async function logout(registryInput: string, options: StoreChoice = {}): Promise<LogoutResult> {
  const registry = normalizeRegistry(registryInput);
  const store = chosenStore(options);
  const removed = await store.delete(registry);
  return { registry, removed, storedIn: await whereIs(store, registry) };
}
