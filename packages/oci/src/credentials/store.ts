/**
 * Where credentials come from: docker's config.json (a credential helper for the host, else the
 * `auths` entry), looked up by registry host only, or fixed credentials bound to one host. This
 * library reads no HPLUGIN_* variable: the CLI decides which host CI credentials belong to and
 * hands them in with `staticCredentials(credential, host)`.
 */
import { registerSecret } from '@hplugin/core';
import { credentialKey, normalizeRegistry } from '../reference.js';
import { decodeAuthEntry, dockerConfigPath, findAuthEntry, helperFor, readDockerConfig } from './docker-config.js';
import { helperGet } from './helper.js';
import type { Credential, CredentialProvider } from './types.js';

export interface CredentialStoreOptions {
  /** For DOCKER_CONFIG (docker's own variable); HPLUGIN_* are not read here. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  configPath?: string;
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
  return async (registry) => dockerConfigCredential(registry, options.configPath ?? dockerConfigPath(env));
}

/**
 * Fixed credentials (from flags, --password-stdin, or CI variables), answered only for `host`: a
 * provider asked about any other registry answers nothing, so a client built for another host (a
 * mount source, a second registry in the same process) can never send them. `fallback` answers
 * for the other hosts (docker's config.json).
 */
export function staticCredentials(credential: Credential, host: string, fallback?: CredentialProvider): CredentialProvider {
  [credential.password, credential.identityToken, credential.registryToken].forEach(registerSecret);
  const bound = normalizeRegistry(host);
  return async (registry) => (normalizeRegistry(registry) === bound ? credential : fallback?.(registry));
}
