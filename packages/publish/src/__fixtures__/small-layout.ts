/** Test helper: an OCI layout holding one small image, enough for the push's tag logic (which never looks inside the blobs). */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEDIA_TYPE } from '@hplugin/oci';
import { OciLayout, PLUGIN_MEDIA_TYPE } from '@hplugin/artifact';

/** A temp folder with a layout at `oci/`: a config and a README layer (`readme` as its text), tagged 1.0.0. */
export async function smallLayout(prefix: string, readme: string): Promise<{ root: string; layoutDir: string; digest: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const layoutDir = join(root, 'oci');
  const layout = await OciLayout.create(layoutDir);
  const config = await layout.putBlob(Buffer.from('{}'), { mediaType: PLUGIN_MEDIA_TYPE.runtimeConfig });
  const layer = await layout.putBlob(Buffer.from(readme), { mediaType: PLUGIN_MEDIA_TYPE.readme });
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, config, layers: [layer] }));
  const { digest } = await layout.putManifest(manifest, MEDIA_TYPE.imageManifest, ['1.0.0']);
  return { root, layoutDir, digest };
}
