/**
 * An in-memory distribution API, small but faithful where our client depends on it: relative
 * upload Locations with a changing `_state`, Content-Range checks on PATCH, `Range: 0-<end>` status,
 * digest checks on PUT, mount, and MANIFEST_BLOB_UNKNOWN. A `hook` runs first and may answer
 * instead (fault injection); the real registry is covered by the integration tests.
 */
import { createHash, randomUUID } from 'node:crypto';
import type http from 'node:http';
import { fakeServer, json, type FakeServer, type RecordedRequest } from './fake-server.js';

export interface FakeRegistry extends FakeServer {
  blobs: Map<string, Buffer>;
  manifests: Map<string, { body: Buffer; type: string }>;
  uploads: Map<string, Buffer>;
}

export interface FakeRegistryOptions {
  /** Return true when the hook answered. */
  hook?: (req: RecordedRequest, res: http.ServerResponse, registry: FakeRegistry) => boolean | Promise<boolean>;
  absoluteLocations?: boolean;
  /** 'accept' (default) mounts when the blob exists; 'session' always opens a normal session; 'unauthorized' answers 401. */
  mount?: 'accept' | 'session' | 'unauthorized';
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const error = (res: http.ServerResponse, status: number, code: string) =>
  json(res, status, { errors: [{ code, message: code.toLowerCase() }] });

export async function fakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { body: Buffer; type: string }>();
  const uploads = new Map<string, Buffer>();
  let registry!: FakeRegistry;

  const session = (res: http.ServerResponse, name: string, id: string, status = 202) => {
    const path = `/v2/${name}/blobs/uploads/${id}?_state=${randomUUID()}`;
    const size = uploads.get(id)!.length;
    res
      .writeHead(status, {
        location: options.absoluteLocations ? `${registry.url}${path}` : path,
        range: `0-${Math.max(size - 1, 0)}`,
        'content-length': 0,
      })
      .end();
  };

  const server = await fakeServer(async (req, res) => {
    if (options.hook && (await options.hook(req, res, registry))) return;
    const url = new URL(req.path, 'http://x');
    if (url.pathname === '/v2/') return json(res, 200, {});
    const m = /^\/v2\/(.+)\/(blobs\/uploads|blobs|manifests|tags)\/(.*)$/.exec(url.pathname);
    if (!m) return error(res, 404, 'NAME_UNKNOWN');
    const [, name, kind, rest] = m as unknown as [string, string, string, string];
    if (kind === 'blobs') {
      const blob = blobs.get(rest);
      if (!blob) return error(res, 404, 'BLOB_UNKNOWN');
      res.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': rest, 'content-type': 'application/octet-stream' });
      return void res.end(req.method === 'HEAD' ? undefined : blob);
    }
    if (kind === 'blobs/uploads') {
      if (req.method === 'POST' && rest === '') {
        const mount = url.searchParams.get('mount');
        if (mount && options.mount === 'unauthorized') return error(res, 401, 'UNAUTHORIZED');
        if (mount && options.mount !== 'session' && blobs.has(mount)) {
          return void res
            .writeHead(201, { location: `/v2/${name}/blobs/${mount}`, 'docker-content-digest': mount, 'content-length': 0 })
            .end();
        }
        const id = randomUUID();
        uploads.set(id, Buffer.alloc(0));
        return session(res, name, id);
      }
      const have = uploads.get(rest);
      if (!have) return error(res, 404, 'BLOB_UPLOAD_UNKNOWN');
      if (req.method === 'GET') return session(res, name, rest, 204);
      if (req.method === 'PATCH') {
        const start = Number(/^(\d+)-/.exec(String(req.headers['content-range'] ?? ''))?.[1] ?? have.length);
        if (start !== have.length) return void res.writeHead(416, { 'content-length': 0 }).end();
        uploads.set(rest, Buffer.concat([have, req.body]));
        return session(res, name, rest);
      }
      if (req.method === 'PUT') {
        const content = Buffer.concat([have, req.body]);
        const digest = url.searchParams.get('digest') ?? '';
        if (sha(content) !== digest) return error(res, 400, 'DIGEST_INVALID');
        uploads.delete(rest);
        blobs.set(digest, content);
        return void res
          .writeHead(201, { location: `/v2/${name}/blobs/${digest}`, 'docker-content-digest': digest, 'content-length': 0 })
          .end();
      }
    }
    if (kind === 'manifests') {
      if (req.method === 'PUT') {
        const doc = JSON.parse(req.body.toString('utf8')) as { config?: { digest: string }; layers?: Array<{ digest: string }> };
        const refs = [doc.config, ...(doc.layers ?? [])].filter(Boolean) as Array<{ digest: string }>;
        if (refs.some((d) => !blobs.has(d.digest))) return error(res, 400, 'MANIFEST_BLOB_UNKNOWN');
        const entry = { body: req.body, type: String(req.headers['content-type']) };
        manifests.set(`${name}:${rest}`, entry);
        manifests.set(`${name}:${sha(req.body)}`, entry);
        return void res.writeHead(201, { 'docker-content-digest': sha(req.body), 'content-length': 0 }).end();
      }
      const entry = manifests.get(`${name}:${rest}`);
      if (!entry) return error(res, 404, 'MANIFEST_UNKNOWN');
      res.writeHead(200, { 'content-type': entry.type, 'content-length': entry.body.length, 'docker-content-digest': sha(entry.body) });
      return void res.end(req.method === 'HEAD' ? undefined : entry.body);
    }
    const tags = [...manifests.keys()]
      .filter((k) => k.startsWith(`${name}:`) && !k.includes('sha256:'))
      .map((k) => k.slice(name.length + 1));
    return json(res, 200, { name, tags });
  });
  registry = Object.assign(server, { blobs, manifests, uploads });
  return registry;
}
