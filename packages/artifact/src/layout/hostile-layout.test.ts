/**
 * A layout on disk is input too (a copied folder, another tool's output): index.json and the
 * manifests in it are parsed once, by the layout reader, and a bad shape is a typed error naming
 * the file or the manifest digest, never a TypeError in a reader. The gateway verdict, given the
 * same bytes, answers a verdict (not an exception), as the gateway's fetcher refuses them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPE, sha256Digest } from '@hplugin/oci';
import { tempDirs } from '../__fixtures__/temp.js';
import { checkGatewayFormat } from '../gateway/check.js';
import { inspectLayout } from '../inspect.js';
import { OciLayout } from './oci-layout.js';

const newDir = tempDirs();
const layer = { mediaType: MEDIA_TYPE.ociLayerTarGzip, digest: sha256Digest('layer'), size: 5 };
const noBlobs = async () => Buffer.alloc(0);

describe('index.json of the wrong shape is LAYOUT_INVALID', () => {
  it.each([
    ['an array', '[]', 'index.json is not a JSON object'],
    [
      'a manifests list that is a string',
      JSON.stringify({ schemaVersion: 2, manifests: 'v1' }),
      'index.json has manifests "v1", not an array',
    ],
    [
      'an entry whose digest is a path',
      JSON.stringify({ schemaVersion: 2, manifests: [{ ...layer, digest: 'sha256:../../etc/passwd' }] }),
      'index.json child manifest 0 has the digest',
    ],
    [
      'an entry whose tag annotation is a number',
      JSON.stringify({ schemaVersion: 2, manifests: [{ ...layer, annotations: { 'org.opencontainers.image.ref.name': 1 } }] }),
      'annotations that are not strings',
    ],
    ['no manifests list at all', JSON.stringify({ schemaVersion: 2 }), 'is not an image index'],
    ['not JSON', '{', 'index.json is not JSON'],
  ])('%s', async (_name, text, why) => {
    const dir = await newDir();
    await OciLayout.create(dir);
    await writeFile(join(dir, 'index.json'), text);
    await expect(OciLayout.open(dir)).rejects.toMatchObject({
      code: 'LAYOUT_INVALID',
      message: expect.stringContaining(why),
      details: { layoutDir: dir },
    });
  });
});

describe('a manifest blob of the wrong shape is MANIFEST_INVALID naming its digest', () => {
  it.each([
    ['JSON but a number', '42', 'is not a JSON object'],
    ['layers that are a string', JSON.stringify({ schemaVersion: 2, layers: 'plugin.tar.gz' }), 'has layers "plugin.tar.gz", not an array'],
    [
      'a layer without a digest',
      JSON.stringify({ schemaVersion: 2, layers: [{ mediaType: MEDIA_TYPE.ociLayerTarGzip, size: 1 }] }),
      'layer 0 has the digest',
    ],
  ])('%s: readManifest and inspect refuse it; the gateway verdict refuses it as a verdict', async (_name, text, why) => {
    const dir = await newDir();
    const layout = await OciLayout.create(dir);
    const bytes = Buffer.from(text);
    await layout.putManifest(bytes, MEDIA_TYPE.imageManifest, ['hostile']);
    const expected = {
      code: 'MANIFEST_INVALID',
      exitCode: 2,
      message: expect.stringContaining(why),
      details: { digest: sha256Digest(bytes), layoutDir: dir },
    };
    await expect(layout.readManifest('hostile')).rejects.toMatchObject(expected);
    await expect(inspectLayout(dir, 'hostile')).rejects.toMatchObject(expected);
    expect(await checkGatewayFormat(bytes, MEDIA_TYPE.imageManifest, noBlobs)).toMatchObject({
      ok: false,
      reason: expect.stringContaining(why),
    });
  });

  it('a layer with a huge, odd media type is carried faithfully into inspect, and the verdict refuses it', async () => {
    const dir = await newDir();
    const layout = await OciLayout.create(dir);
    const odd = `application/${'y'.repeat(64 * 1024)}`;
    await layout.putManifest(
      Buffer.from(
        JSON.stringify({ schemaVersion: 2, config: layer, layers: [{ ...layer, digest: sha256Digest('other'), mediaType: odd }] }),
      ),
      MEDIA_TYPE.imageManifest,
      ['odd'],
    );
    const inspected = await inspectLayout(dir, 'odd');
    expect(inspected.layers[0]!.mediaType).toBe(odd);
    expect(inspected.verdict.ok).toBe(false);
  });
});
