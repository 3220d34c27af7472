/**
 * A local Debian `docker-registry` (distribution 2.8) over plain http, configured the way
 * test/harness/registry-config.ts configures it for the e2e suites (same storage, purge and health
 * settings), minus auth and TLS, which the figures are not about. Plain ESM so `node bench/run.mjs`
 * needs no TypeScript loader.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function registryConfig(port, storageDir) {
  return {
    version: '0.1',
    // warn: the bench keeps no registry log, and info lines on every request cost the registry time.
    log: { level: 'warn', formatter: 'text', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: storageDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString('hex') },
    health: { storagedriver: { enabled: false } },
  };
}

async function waitUntilServing(url, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited during start-up (${child.exitCode})`);
    const ok = await fetch(`${url}/v2/`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not answer ${url}/v2/ within ${timeoutMs} ms`);
}

/** @returns {Promise<{host: string, stop(): Promise<void>}>} */
export async function startRegistry(dir, binary = 'docker-registry') {
  const storageDir = join(dir, 'storage');
  await mkdir(storageDir, { recursive: true });
  const port = await freePort();
  const configFile = join(dir, 'config.yml');
  // JSON is YAML, so no YAML writer is needed.
  await writeFile(configFile, JSON.stringify(registryConfig(port, storageDir), null, 2));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
  const child = spawn(binary, ['serve', configFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  // distribution logs every 404 of a HEAD probe as an error; keep only a tail, shown if start-up fails.
  let output = '';
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const host = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(`http://${host}`, child);
  } catch (error) {
    child.kill();
    throw new Error(`${error.message}\n${output}`);
  }
  return {
    host,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
