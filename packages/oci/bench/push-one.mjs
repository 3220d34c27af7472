// Pushes one file as a single-layer artifact with the built client; run under /usr/bin/time.
// usage: node push-one.mjs <ref> <file>
import { pushArtifact, fileBlob, bytesBlob, MEDIA_TYPE } from '../dist/index.js';

const [ref, file] = process.argv.slice(2);
const layer = await fileBlob(file, 'application/octet-stream', { 'org.opencontainers.image.title': 'blob.bin' });
const config = bytesBlob('{}', MEDIA_TYPE.ociEmpty);
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    artifactType: 'application/vnd.hplugin.bench',
    config: config.descriptor,
    layers: [layer.descriptor],
  }),
);
const started = performance.now();
const result = await pushArtifact({
  reference: ref,
  manifest: { bytes: manifest, mediaType: MEDIA_TYPE.imageManifest },
  blobs: [config, layer],
  credentials: async () => undefined,
});
console.log(
  JSON.stringify({ pushMs: Math.round(performance.now() - started), bytesUploaded: result.bytesUploaded, digest: result.digest }),
);
