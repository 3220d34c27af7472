/**
 * Starts a real Debian `docker-registry` (distribution 2.8) on a free 127.0.0.1 port.
 *
 * API:
 *   startRegistry(options?: StartRegistryOptions): Promise<RegistryHandle>
 *
 * Variants (`auth` × `tls`):
 *   'none'      plain http by default                                      → oras --plain-http
 *   'htpasswd'  Basic auth (bcrypt); TLS by default, as real setups need    → oras --ca-file, -u/-p
 *   'token'     Bearer tokens from an in-process issuer (handle.issuer);
 *               plain http by default; `readOnly` is a pull-only user; the issuer
 *               serves https (same CA) when the registry does
 * With `tls`, a fresh CA signs a server certificate for 127.0.0.1 and localhost: `caFile` is its
 * PEM and `certDir` a folder holding only `ca.crt` (for `skopeo --cert-dir`).
 *
 * Every registry gets its own temp dir (config, storage, keys) that `stop()` deletes, so always
 * call it (afterAll). `stop()` is idempotent. A registry that a test forgets is still killed when
 * the test process ends, however it ends (see bounded-process); its temp dir is removed only on a
 * normal exit.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HarnessError } from './harness-error.js';
import { spawnBounded, type BoundedProcess } from './bounded-process.js';
import { onProcessExit } from './exit-cleanup.js';
import { freeLoopbackPort } from './free-port.js';
import { request } from './http-client.js';
import { createTlsFiles, type TlsFiles } from './pki.js';
import { createHtpasswd, newUser, startIssuerFor, type IssuerSettings, type RegistryUser } from './registry-auth.js';
import { buildRegistryConfig, writeRegistryConfig, type RegistryConfig, type RegistryConfigSettings } from './registry-config.js';
import type { TokenIssuer } from './token-issuer.js';
import { findTool } from './tools.js';

export type { RegistryUser } from './registry-auth.js';
export type { RegistryConfig } from './registry-config.js';
export type RegistryAuth = 'none' | 'htpasswd' | 'token';

export interface StartRegistryOptions {
  auth?: RegistryAuth;
  /** Serve https. Defaults to true for 'htpasswd', false otherwise. */
  tls?: boolean;
  /** Token variant only: lifetime (default 60 s), anonymous pull, OAuth2 POST support. */
  token?: IssuerSettings;
  /** How long to wait for `/v2/` to answer; default 20 s. */
  startTimeoutMs?: number;
  /**
   * Changes the generated config before it is written, e.g. `(c) => { c.storage.maintenance =
   * { readonly: { enabled: true } } }` for a registry that refuses writes.
   */
  configure?: (config: RegistryConfig) => void;
}

export interface RegistryHandle {
  /** `127.0.0.1:PORT`, the registry part of a reference. */
  host: string;
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  url: string;
  tls: boolean;
  auth: RegistryAuth;
  caFile?: string;
  certDir?: string;
  /** The user with push access (htpasswd and token variants). */
  username?: string;
  password?: string;
  /** Token variant: a user the issuer grants only `pull`. */
  readOnly?: RegistryUser;
  storageDir: string;
  configFile: string;
  /** Pid of the docker-registry process. */
  pid: number;
  issuer?: TokenIssuer;
  /** Milliseconds from the call to `/v2/` answering (key generation included). */
  startupMs: number;
  /** The registry's recent log lines (stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** The registry reads REGISTRY_* variables as config overrides; none from the outside may leak in. */
function registryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
}

async function waitUntilServing(proc: BoundedProcess, url: string, caFile: string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited()) throw new Error('the registry exited during start-up');
    try {
      const res = await request(`${url}/v2/`, { caFile, timeoutMs: 1_000 });
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`/v2/ did not answer within ${timeoutMs} ms`);
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<RegistryHandle> {
  const started = performance.now();
  const auth = options.auth ?? 'none';
  const tls = options.tls ?? auth === 'htpasswd';
  const binary = findTool('docker-registry');
  const dir = await mkdtemp(join(tmpdir(), 'hplugin-registry-'));
  const forgetDir = onProcessExit(() => rmSync(dir, { recursive: true, force: true }));
  let issuer: TokenIssuer | undefined;
  const cleanUp = async (): Promise<void> => {
    await issuer?.close();
    await rm(dir, { recursive: true, force: true });
    forgetDir();
  };
  try {
    const storageDir = join(dir, 'storage');
    await mkdir(storageDir);
    const tlsFiles: TlsFiles | undefined = tls ? await createTlsFiles(dir) : undefined;
    const user = auth === 'none' ? undefined : newUser('hplugin');
    const readOnly = auth === 'token' ? newUser('reader') : undefined;
    const settings: Omit<RegistryConfigSettings, 'port'> = { storageDir, ...(tlsFiles ? { tls: tlsFiles } : {}) };
    if (auth === 'htpasswd') settings.htpasswd = { file: await createHtpasswd(dir, user!) };
    if (auth === 'token') {
      const setup = await startIssuerFor(dir, { push: user!, pull: readOnly! }, options.token ?? {}, tlsFiles);
      issuer = setup.issuer;
      settings.token = { realm: issuer.realm, service: issuer.service, issuer: issuer.issuer, rootCertBundle: setup.rootCertBundle };
    }
    const configFile = join(dir, 'config.yml');
    const { proc, port } = await launch(binary, configFile, settings, options, tlsFiles?.caFile);
    const host = `127.0.0.1:${port}`;
    let stopped: Promise<void> | undefined;
    return {
      host,
      url: `${tls ? 'https' : 'http'}://${host}`,
      tls,
      auth,
      ...(tlsFiles ? { caFile: tlsFiles.caFile, certDir: tlsFiles.certDir } : {}),
      ...(user ? { username: user.username, password: user.password } : {}),
      ...(readOnly ? { readOnly } : {}),
      ...(issuer ? { issuer } : {}),
      storageDir,
      configFile,
      pid: proc.pid,
      startupMs: Math.round(performance.now() - started),
      output: () => proc.output(),
      stop: () => (stopped ??= proc.kill().then(cleanUp)),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Binds a free port; retries twice when another process took the port in the meantime. */
async function launch(
  binary: string,
  configFile: string,
  settings: Omit<RegistryConfigSettings, 'port'>,
  options: StartRegistryOptions,
  caFile: string | undefined,
): Promise<{ proc: BoundedProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const config = buildRegistryConfig({ ...settings, port });
    options.configure?.(config);
    await writeRegistryConfig(configFile, config);
    const proc = await spawnBounded(binary, ['serve', configFile], { env: registryEnv() });
    try {
      await waitUntilServing(proc, `${settings.tls ? 'https' : 'http'}://127.0.0.1:${port}`, caFile, options.startTimeoutMs ?? 20_000);
      return { proc, port };
    } catch (error) {
      await proc.kill();
      if (attempt < 3 && proc.output().includes('address already in use')) continue;
      throw new HarnessError(
        'HARNESS_REGISTRY_START_FAILED',
        `docker-registry did not start (${(error as Error).message}). Its output:\n${proc.output().trim() || '(none)'}`,
        {
          hint: 'The registry output above says why. The config is written by test/harness/registry-config.ts; `docker-registry serve <config>` reproduces it by hand.',
          cause: error,
          details: { configFile },
        },
      );
    }
  }
}
