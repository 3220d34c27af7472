/**
 * The command-line flags that point a peer client at a harness registry.
 *
 * API:
 *   orasFlags(registry, user?): string[]     --plain-http | --ca-file F, then -u/-p
 *   skopeoFlags(registry, user?): string[]   --tls-verify=false | --cert-dir D, then --creds
 *
 * `user` defaults to the registry's push user; pass `null` for anonymous access.
 */
import type { RegistryHandle, RegistryUser } from './registry.js';

type Target = Pick<RegistryHandle, 'tls' | 'caFile' | 'certDir' | 'username' | 'password'>;

function userOf(registry: Target, user: RegistryUser | null | undefined): RegistryUser | undefined {
  if (user === null) return undefined;
  if (user) return user;
  return registry.username && registry.password ? { username: registry.username, password: registry.password } : undefined;
}

export function orasFlags(registry: Target, user?: RegistryUser | null): string[] {
  const flags = registry.tls ? ['--ca-file', registry.caFile!] : ['--plain-http'];
  const creds = userOf(registry, user);
  return creds ? [...flags, '-u', creds.username, '-p', creds.password] : flags;
}

export function skopeoFlags(registry: Target, user?: RegistryUser | null): string[] {
  // skopeo has no "plain http" switch: --tls-verify=false is what lets it speak http.
  const flags = registry.tls ? ['--cert-dir', registry.certDir!] : ['--tls-verify=false'];
  const creds = userOf(registry, user);
  return creds ? [...flags, '--creds', `${creds.username}:${creds.password}`] : [...flags, '--no-creds'];
}
