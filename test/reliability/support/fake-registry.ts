/**
 * A small misbehaving registry for the bad-answer cases: the repository name picks the misbehaviour
 * (`/v2/<case>/...`). It speaks just enough of the distribution API to get a client to the broken
 * part: `/v2/` answers 200, and a healthy manifest + blobs exist for the cases that break later.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

const config = Buffer.from('{}');
const layer = Buffer.from('not really a tar.gz, but the digest is what is checked first');
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
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
const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>\n';

export type FakeCase =
  | 'html-page'
  | 'html-error'
  | 'malformed-json'
  | 'wrong-digest'
  | 'wrong-content-type'
  | 'bad-blob'
  | 'realm-other-scheme'
  | 'realm-other-host'
  | 'path-digest'
  | 'cut-short';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, rest: string) => void;

function send(res: http.ServerResponse, status: number, type: string, body: Buffer | string, extra: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra }).end(body);
}

function healthy(res: http.ServerResponse, rest: string, blob: (digest: string) => Buffer | undefined): void {
  if (rest.startsWith('manifests/')) return send(res, 200, MANIFEST_TYPE, manifest, { 'docker-content-digest': sha(manifest) });
  const bytes = blob(rest.replace('blobs/', ''));
  return bytes
    ? send(res, 200, 'application/octet-stream', bytes, { 'docker-content-digest': rest.replace('blobs/', '') })
    : send(res, 404, 'application/json', '{"errors":[{"code":"BLOB_UNKNOWN"}]}');
}
const blobs = (digest: string) => (digest === sha(config) ? config : digest === sha(layer) ? layer : undefined);

function handlers(realms: { otherScheme: string; otherHost: string }): Record<FakeCase, Handler> {
  const challenge =
    (realm: string): Handler =>
    (_req, res) =>
      send(res, 401, 'application/json', '{"errors":[{"code":"UNAUTHORIZED"}]}', {
        'www-authenticate': `Bearer realm="${realm}",service="fake"`,
      });
  return {
    'html-page': (_req, res) => send(res, 200, 'text/html; charset=utf-8', '<html><body>Welcome to the captive portal</body></html>'),
    'html-error': (_req, res) => send(res, 502, 'text/html', HTML),
    'malformed-json': (_req, res, rest) => {
      const broken = '{"schemaVersion": 2, "layers": [';
      return rest.startsWith('manifests/')
        ? send(res, 200, MANIFEST_TYPE, broken, { 'docker-content-digest': sha(broken) })
        : healthy(res, rest, blobs);
    },
    'wrong-digest': (_req, res, rest) =>
      rest.startsWith('manifests/')
        ? send(res, 200, MANIFEST_TYPE, manifest, { 'docker-content-digest': sha('something else') })
        : healthy(res, rest, blobs),
    'wrong-content-type': (_req, res, rest) =>
      rest.startsWith('manifests/')
        ? send(res, 200, 'text/plain', manifest, { 'docker-content-digest': sha(manifest) })
        : healthy(res, rest, blobs),
    'bad-blob': (_req, res, rest) => healthy(res, rest, (d) => (d === sha(layer) ? Buffer.from('X'.repeat(layer.length)) : blobs(d))),
    // A layer digest that is a path: `sha256:../../../escaped` must never become a file name.
    'path-digest': (_req, res, rest) => {
      const evil = JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST_TYPE,
        config: { mediaType: 'x', digest: sha(config), size: config.length },
        layers: [{ mediaType: 'x', digest: 'sha256:../../../escaped', size: 1 }],
      });
      return rest.startsWith('manifests/')
        ? send(res, 200, MANIFEST_TYPE, evil, { 'docker-content-digest': sha(evil) })
        : healthy(res, rest, blobs);
    },
    // The manifest's first half, then the connection drops.
    'cut-short': (_req, res, rest) => {
      if (!rest.startsWith('manifests/')) return healthy(res, rest, blobs);
      res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'content-length': manifest.length });
      res.write(manifest.subarray(0, manifest.length >> 1));
      setTimeout(() => res.socket?.destroy(), 20);
    },
    'realm-other-scheme': challenge(realms.otherScheme),
    'realm-other-host': challenge(realms.otherHost),
  };
}

export interface FakeRegistry {
  host: string;
  stop(): Promise<void>;
}

/** With `tls`, serves https from these PEM files (the realm cases then point at plain http). */
export async function startFakeRegistry(tls?: { certFile: string; keyFile: string }): Promise<FakeRegistry> {
  let table: Record<FakeCase, Handler> | undefined;
  const listener: http.RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/v2/') return send(res, 200, 'application/json', '{}');
    const match = /^\/v2\/([a-z-]+)\/(.+)$/.exec(path);
    const handler = match && table?.[match[1] as FakeCase];
    if (!handler) return send(res, 404, 'application/json', '{"errors":[{"code":"NAME_UNKNOWN"}]}');
    handler(req, res, match[2]!);
  };
  const server = tls
    ? https.createServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, listener)
    : http.createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  // Another scheme: plain http for an https registry (or ftp for an http one); another host: a
  // loopback address nothing listens on.
  table = handlers({
    otherScheme: tls ? `http://127.0.0.1:${port}/token` : `ftp://127.0.0.1:${port}/token`,
    otherHost: `http://127.0.0.2:9/token`,
  });
  return {
    host: `127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
