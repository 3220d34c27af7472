/**
 * Login and logout, as docker and oras do them: check the credentials against the registry
 * (GET /v2/ with auth), then store them in the configured credential helper, or else in
 * config.json's `auths`. Logout erases from the same place.
 */
import { HpluginError, registerSecret, type Reporter } from '@hplugin/core';
import { dockerConfigPath, helperFor, readDockerConfig, writeAuthEntry } from './credentials/docker-config.js';
import { helperErase, helperStore } from './credentials/helper.js';
import { staticCredentials } from './credentials/store.js';
import { credentialKey, normalizeRegistry } from './reference.js';
import { RegistryClient, type RegistryClientOptions } from './registry/client.js';

export interface LoginOptions extends Omit<RegistryClientOptions, 'credentials'> {
  username: string;
  password: string;
  /** Defaults to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  reporter?: Reporter;
}

export interface LoginResult {
  registry: string;
  /** `config.json` path, or `docker-credential-<helper>`. */
  storedIn: string;
}

export async function login(registryInput: string, options: LoginOptions): Promise<LoginResult> {
  const registry = normalizeRegistry(registryInput);
  registerSecret(options.password);
  const client = new RegistryClient(registry, { ...options, credentials: staticCredentials({ username: options.username, password: options.password }, registry) });
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
  const configPath = options.configPath ?? dockerConfigPath(options.env ?? process.env);
  const helper = helperFor(await readDockerConfig(configPath), registry);
  if (helper) {
    await helperStore(helper, credentialKey(registry), options.username, options.password);
    return { registry, storedIn: `docker-credential-${helper}` };
  }
  const auth = Buffer.from(`${options.username}:${options.password}`).toString('base64');
  registerSecret(auth);
  await writeAuthEntry(configPath, registry, { auth });
  return { registry, storedIn: configPath };
}

export interface LogoutResult {
  registry: string;
  /** False when nothing was stored for this registry. */
  removed: boolean;
  storedIn: string;
}

export async function logout(registryInput: string, options: { configPath?: string; env?: NodeJS.ProcessEnv } = {}): Promise<LogoutResult> {
  const registry = normalizeRegistry(registryInput);
  const configPath = options.configPath ?? dockerConfigPath(options.env ?? process.env);
  const helper = helperFor(await readDockerConfig(configPath), registry);
  if (helper) {
    const removed = await helperErase(helper, credentialKey(registry));
    // An old plain-text entry would still log us in: remove it too.
    const alsoFile = await writeAuthEntry(configPath, registry, undefined);
    return { registry, removed: removed || alsoFile, storedIn: `docker-credential-${helper}` };
  }
  return { registry, removed: await writeAuthEntry(configPath, registry, undefined), storedIn: configPath };
}
