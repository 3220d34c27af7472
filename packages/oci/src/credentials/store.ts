/**
 * Where credentials come from, in order: CI environment variables, then docker's config.json
 * (a credential helper for the host, else the `auths` entry). Looked up by registry host only.
 */
import { registerSecret } from '@hplugin/core';
import { credentialKey } from '../reference.js';
import { decodeAuthEntry, dockerConfigPath, findAuthEntry, helperFor, readDockerConfig } from './docker-config.js';
import { helperGet } from './helper.js';
import type { Credential, CredentialProvider } from './types.js';

export interface CredentialStoreOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  configPath?: string;
}

/** HPLUGIN_REGISTRY_USERNAME/PASSWORD, limited to HPLUGIN_REGISTRY's host when that is set. */
export function envCredential(registry: string, env: NodeJS.ProcessEnv = process.env): Credential | undefined {
  const username = env.HPLUGIN_REGISTRY_USERNAME;
  const password = env.HPLUGIN_REGISTRY_PASSWORD;
  if (!username || !password) return undefined;
  const only = env.HPLUGIN_REGISTRY?.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  if (only && only !== registry.toLowerCase()) return undefined;
  registerSecret(password);
  return { username, password };
}

export async function dockerConfigCredential(registry: string, configPath: string): Promise<Credential | undefined> {
  const config = await readDockerConfig(configPath);
  const helper = helperFor(config, registry);
  if (helper) {
    const fromHelper = await helperGet(helper, credentialKey(registry));
    if (fromHelper) return fromHelper;
  }
  const entry = findAuthEntry(config, registry);
  return entry ? decodeAuthEntry(entry) : undefined;
}

export function defaultCredentials(options: CredentialStoreOptions = {}): CredentialProvider {
  const env = options.env ?? process.env;
  return async (registry) => envCredential(registry, env) ?? dockerConfigCredential(registry, options.configPath ?? dockerConfigPath(env));
}

/** Fixed credentials (from flags or --password-stdin), for one registry or any. */
export function staticCredentials(credential: Credential): CredentialProvider {
  [credential.password, credential.identityToken, credential.registryToken].forEach(registerSecret);
  return async () => credential;
}
