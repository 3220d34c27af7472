/**
 * The OCI referrers API (distribution-spec 1.1), in front of a real harness registry that lacks it.
 *
 * Why a proxy: docker-registry 2.8 has no referrers API, distribution v3 (3.1.x, the newest on the
 * Go module proxy) has none either (it is an open pull request), and zot is not served by the Go
 * module proxy here. So the storage stays the real registry, and this proxy adds what a 1.1
 * registry does on top: a manifest PUT with a `subject` is answered with `OCI-Subject: <digest>`
 * and recorded, and GET /v2/<name>/referrers/<digest>[?artifactType=] answers an image index of the
 * recorded referrers. Everything else is forwarded unchanged (plain http to a plain-http target).
 *
 * API:
 *   startReferrersProxy({ target }): Promise<ReferrersProxy>
 *   ReferrersProxy: host, url, stats { referrersQueries, subjectPuts }, stop()
 */
import http from 'node:http';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { endToEndHeaders } from './relay.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const REFERRERS = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/;
const MANIFEST = /^\/v2\/(.+)\/manifests\/([^/]+)$/;

interface ReferrerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface ReferrersProxy {
  host: string;
  url: string;
  readonly stats: { referrersQueries: number; subjectPuts: number };
  stop(): Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function subjectOf(body: Buffer): { subject: string; descriptor: Omit<ReferrerDescriptor, 'digest' | 'size'> } | undefined {
  try {
    const doc = JSON.parse(body.toString('utf8')) as {
      mediaType?: string;
      artifactType?: string;
      config?: { mediaType?: string };
      subject?: { digest?: string };
      annotations?: Record<string, string>;
    };
    if (!doc.subject?.digest) return undefined;
    // The spec: artifactType, else the config's media type.
    const artifactType = doc.artifactType ?? doc.config?.mediaType;
    return {
      subject: doc.subject.digest,
      descriptor: {
        mediaType: doc.mediaType ?? 'application/vnd.oci.image.manifest.v1+json',
        ...(artifactType ? { artifactType } : {}),
        ...(doc.annotations ? { annotations: doc.annotations } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

export async function startReferrersProxy(options: { target: { url: string } }): Promise<ReferrersProxy> {
  const target = new URL(options.target.url);
  if (target.protocol !== 'http:') throw new Error('startReferrersProxy: the target must be a plain-http harness registry');
  const referrers = new Map<string, ReferrerDescriptor[]>();
  const stats = { referrersQueries: 0, subjectPuts: 0 };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://proxy');
      const query = REFERRERS.exec(url.pathname);
      if (req.method === 'GET' && query) {
        stats.referrersQueries++;
        const wanted = url.searchParams.get('artifactType');
        const all = referrers.get(`${query[1]}@${query[2]}`) ?? [];
        const manifests = wanted ? all.filter((d) => d.artifactType === wanted) : all;
        const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests }));
        res.writeHead(200, {
          'content-type': INDEX,
          'content-length': body.length,
          ...(wanted ? { 'oci-filters-applied': 'artifactType' } : {}),
        });
        return void res.end(body);
      }
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      const manifestPut = req.method === 'PUT' ? MANIFEST.exec(url.pathname) : null;
      const upstream = http.request({
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // The client's Host stays, so the registry's upload Locations lead back through this proxy.
        headers: { ...endToEndHeaders(req.headers), ...(body ? { 'content-length': String(body.length) } : {}) },
      });
      upstream.end(body);
      const [up] = (await once(upstream, 'response')) as [http.IncomingMessage];
      const headers = endToEndHeaders(up.headers);
      const found = manifestPut && body && up.statusCode === 201 ? subjectOf(body) : undefined;
      if (manifestPut && found) {
        stats.subjectPuts++;
        const digest = `sha256:${createHash('sha256').update(body!).digest('hex')}`;
        const key = `${manifestPut[1]}@${found.subject}`;
        const list = (referrers.get(key) ?? []).filter((d) => d.digest !== digest);
        referrers.set(key, [...list, { ...found.descriptor, digest, size: body!.length }]);
        headers['oci-subject'] = found.subject;
      }
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`referrers proxy: ${(err as Error).message}`);
    }
  });
  const port = await listenOnLoopback(server);
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    stats,
    stop: () => closeServer(server),
  };
}
