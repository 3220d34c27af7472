/**
 * Writes the config.yml that Debian's `docker-registry` (distribution 2.8) is started with.
 *
 * API:
 *   buildRegistryConfig(settings): RegistryConfig     a plain object a test may still change
 *   writeRegistryConfig(file, config): Promise<void>
 *
 * The file is JSON, which is valid YAML, so no YAML writer is needed. Logs go to stderr at level
 * info (kept by the harness and shown when start-up fails); the access log is off to keep them short.
 */
import { writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export interface RegistryConfigSettings {
  port: number;
  storageDir: string;
  tls?: { certFile: string; keyFile: string };
  htpasswd?: { file: string };
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

/** distribution's configuration tree (see its docs/configuration.md); loosely typed on purpose. */
export type RegistryConfig = Record<string, any>;

export function buildRegistryConfig(settings: RegistryConfigSettings): RegistryConfig {
  const auth = settings.htpasswd
    ? { htpasswd: { realm: 'hplugin-test', path: settings.htpasswd.file } }
    : settings.token
      ? {
          token: {
            realm: settings.token.realm,
            service: settings.token.service,
            issuer: settings.token.issuer,
            rootcertbundle: settings.token.rootCertBundle,
          },
        }
      : undefined;
  return {
    version: '0.1',
    log: { level: 'info', formatter: 'text', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: settings.storageDir },
      delete: { enabled: true },
      // The purger walks storage in the background; a short-lived test registry never needs it.
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: {
      addr: `127.0.0.1:${settings.port}`,
      // A fixed secret per registry keeps upload `_state` tokens valid for this registry only.
      secret: randomBytes(16).toString('hex'),
      headers: { 'X-Content-Type-Options': ['nosniff'] },
      ...(settings.tls ? { tls: { certificate: settings.tls.certFile, key: settings.tls.keyFile } } : {}),
    },
    ...(auth ? { auth } : {}),
    health: { storagedriver: { enabled: false } },
  };
}

export async function writeRegistryConfig(file: string, config: RegistryConfig): Promise<void> {
  await writeFile(file, JSON.stringify(config, null, 2));
}
