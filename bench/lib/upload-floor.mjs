/**
 * The least any Node program can take to put one blob in a registry: node's own start, one POST
 * for an upload session and one PUT of the file, streamed, with the digest given (computed before
 * the round, untimed). No client library, no config, no hashing, no manifest. The publish suite runs
 * it beside `oras push` and `hplugin publish`: what hplugin takes beyond this is its own, and when
 * this alone is slower than oras, no Node client can match oras on this machine.
 *
 * Usage: node upload-floor.mjs <host:port> <repository> <file> <sha256:…>   (plain HTTP, no auth)
 */
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';

const [host, repository, file, digest] = process.argv.slice(2);

function exchange(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

const started = await exchange('POST', `http://${host}/v2/${repository}/blobs/uploads/`, { 'content-length': '0' });
if (started.statusCode !== 202) throw new Error(`POST answered ${started.statusCode}`);
const location = new URL(started.headers.location, `http://${host}`);
location.searchParams.set('digest', digest);
const size = statSync(file).size;
const put = await exchange(
  'PUT',
  location,
  { 'content-type': 'application/octet-stream', 'content-length': String(size) },
  createReadStream(file, { highWaterMark: 256 * 1024 }),
);
if (put.statusCode !== 201) throw new Error(`PUT answered ${put.statusCode}`);
