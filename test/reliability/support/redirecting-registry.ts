/**
 * A registry whose blob GETs redirect elsewhere, as registries behind S3 or a CDN do: to another
 * host (127.0.0.2, served by the same code; it records whether our Authorization followed), or, over https,
 * to plain http (which the client must refuse). It asks for Basic credentials, like a real one.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tarGz } from './evil-artifacts.js';
import { commandModule } from './wasm-modules.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const layer = tarGz([{ name: 'plugin.wasm', content: commandModule() }]);
const config = Buffer.from('{}');
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha(layer),
        size: layer.length,
        annotations: { 'org.opencontainers.image.title': 'plugin.tar.gz' },
      },
    ],
  }),
);

export interface RedirectingRegistry {
  host: string;
  /** Authorization headers that reached the redirect target (must stay empty). */
  leakedToTarget: string[];
  /** Requests that carried Authorization to the registry host itself. */
  authorizedAtRegistry: number;
  stop(): Promise<void>;
}

export async function startRedirectingRegistry(tls?: { certFile: string; keyFile: string }): Promise<RedirectingRegistry> {
  const state = { leakedToTarget: [] as string[], authorizedAtRegistry: 0 };
  let port = 0;
  let targetPort = 0;
  const listener: http.RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const onTarget = req.socket.localAddress === '127.0.0.2';
    if (onTarget) {
      if (req.headers.authorization) state.leakedToTarget.push(req.headers.authorization);
      const bytes = path.endsWith(sha(layer)) ? layer : config;
      return res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    }
    if (!req.headers.authorization)
      return res
        .writeHead(401, { 'www-authenticate': 'Basic realm="fake"', 'content-type': 'application/json' })
        .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    state.authorizedAtRegistry++;
    if (path === '/v2/') return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (path.includes('/manifests/'))
      return res
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'docker-content-digest': sha(manifest),
          'content-length': manifest.length,
        })
        .end(manifest);
    // Over https, redirect to plain http on the same host (a downgrade); over http, to another host.
    const location = tls ? `http://127.0.0.1:${port}${path}` : `http://127.0.0.2:${targetPort}${path}`;
    return res.writeHead(307, { location }).end();
  };
  const server = tls
    ? https.createServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, listener)
    : http.createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  const target = http.createServer(listener);
  target.listen(0, '127.0.0.2');
  await once(target, 'listening');
  targetPort = (target.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    get leakedToTarget() {
      return state.leakedToTarget;
    },
    get authorizedAtRegistry() {
      return state.authorizedAtRegistry;
    },
    stop: async () => {
      for (const s of [server, target]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
