/**
 * Docker's config.json: the credential file every registry tool shares. We read `auths`,
 * `credHelpers` and `credsStore`, and write only `auths[key]`, preserving every other key, atomically
 * and with mode 0600 (it holds passwords).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HpluginError, UsageError, writeFileAtomic } from '@hplugin/core';
import { DOCKER_HUB_ALIASES, registryHost } from '@hplugin/rules';
import { DOCKER_HUB, credentialKey } from '../reference.js';
import { registerCredentialSecrets, type Credential } from './types.js';

export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
  [key: string]: unknown;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

export async function readDockerConfig(path: string): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as DockerConfig;
  } catch (err) {
    throw new UsageError('CREDENTIALS_CONFIG_INVALID', `${path} is not valid JSON (${(err as Error).message}).`, {
      hint: 'Fix or remove the file; docker and oras read it too.',
      details: { path },
    });
  }
}

/**
 * The hosts a stored entry may be filed under for this registry. Entries are matched by
 * registryHost(key) (`https://host/v1/`, `http://host`, `host` → `host`), never by path.
 */
function hostsFor(registry: string): string[] {
  return registry === DOCKER_HUB ? [...DOCKER_HUB_ALIASES] : [registry.toLowerCase()];
}

export function findAuthEntry(config: DockerConfig, registry: string): DockerAuthEntry | undefined {
  const hosts = hostsFor(registry);
  const entries = Object.entries(config.auths ?? {});
  // An exact key first (what docker itself writes), then any spelling of the same host.
  const exact = config.auths?.[credentialKey(registry)];
  return exact ?? entries.find(([key]) => hosts.includes(registryHost(key)))?.[1];
}

export function decodeAuthEntry(entry: DockerAuthEntry): Credential | undefined {
  const cred: Credential = {};
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      cred.username = decoded.slice(0, colon);
      cred.password = decoded.slice(colon + 1);
    }
  } else if (entry.username && entry.password) {
    cred.username = entry.username;
    cred.password = entry.password;
  }
  if (entry.identitytoken) cred.identityToken = entry.identitytoken;
  if (entry.registrytoken) cred.registryToken = entry.registrytoken;
  registerCredentialSecrets(cred);
  return Object.keys(cred).length ? cred : undefined;
}

/** `credHelpers[host]` wins over `credsStore`, as in docker. */
export function helperFor(config: DockerConfig, registry: string): string | undefined {
  const helpers = config.credHelpers ?? {};
  const specific =
    helpers[credentialKey(registry)] ?? Object.entries(helpers).find(([k]) => hostsFor(registry).includes(registryHost(k)))?.[1];
  return specific || config.credsStore || undefined;
}

/**
 * One read-modify-write of config.json at a time, across processes: two `hplugin login`s (or a
 * login and a logout) at once would otherwise each write the file they read, and one entry would be
 * lost. proper-lockfile locks by mkdir next to the file and breaks a lock whose holder died.
 * (docker itself does not lock; this protects concurrent hplugin processes from each other.)
 */
async function withConfigLock<T>(path: string, run: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  // Loaded here: only login and logout write the file, and the import is ~10 ms of every push's start-up.
  const lockfile = await import('proper-lockfile');
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 100, factor: 1.3, minTimeout: 5, maxTimeout: 300, randomize: true },
    });
  } catch (err) {
    throw new HpluginError('CREDENTIALS_CONFIG_BUSY', `Another process kept ${path} locked for too long.`, {
      hint: `Wait for the other hplugin login/logout to finish. If none is running, remove ${path}.lock.`,
      cause: err,
      details: { path },
    });
  }
  try {
    return await run();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Set (or, with `undefined`, delete) `auths[key]`; every other key of the file is kept as it was. */
export async function writeAuthEntry(path: string, registry: string, entry: DockerAuthEntry | undefined): Promise<boolean> {
  return withConfigLock(path, () => updateAuthEntry(path, registry, entry));
}

async function updateAuthEntry(path: string, registry: string, entry: DockerAuthEntry | undefined): Promise<boolean> {
  const config = await readDockerConfig(path);
  const auths = { ...(config.auths ?? {}) };
  const hosts = hostsFor(registry);
  // Remove every spelling of this host so that an old `https://host/v1/` entry cannot shadow the new one.
  const stale = Object.keys(auths).filter((k) => hosts.includes(registryHost(k)));
  stale.forEach((k) => delete auths[k]);
  if (entry) auths[credentialKey(registry)] = entry;
  await writeFileAtomic(path, JSON.stringify({ ...config, auths }, null, '\t') + '\n', { mode: 0o600 });
  return stale.length > 0;
}
