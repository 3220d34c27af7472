/** index.json: the layout's list of manifests, read strictly and always replaced whole (atomically). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hplugin/core';
import { MEDIA_TYPE, asImageIndex, parseManifestDocument, type Descriptor, type ImageIndex } from '@hplugin/oci/spec';
import { layoutInvalid } from './errors.js';

export const INDEX_FILE_NAME = 'index.json';

export async function readIndexFile(dir: string): Promise<ImageIndex> {
  let text: string;
  try {
    text = await readFile(join(dir, INDEX_FILE_NAME), 'utf8');
  } catch (err) {
    throw layoutInvalid(dir, `${INDEX_FILE_NAME} is missing`, err);
  }
  // Parsed once, here: every reader of the layout takes the typed index (its descriptors checked).
  const parsed = parseManifestDocument(text);
  if (parsed.problem !== undefined)
    throw layoutInvalid(dir, parsed.json ? `${INDEX_FILE_NAME} ${parsed.problem}` : `${INDEX_FILE_NAME} is not JSON`);
  const index = asImageIndex(parsed.document);
  if (!index) throw layoutInvalid(dir, `${INDEX_FILE_NAME} is not an image index (schemaVersion 2 with a manifests list)`);
  return index;
}

/** Write-then-rename (write-file-atomic, fsynced): a reader sees the old index or the new one, never half. */
export async function writeIndexFile(dir: string, manifests: Descriptor[]): Promise<void> {
  const index: ImageIndex = { schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests };
  await writeFileAtomic(join(dir, INDEX_FILE_NAME), `${JSON.stringify(index, null, 2)}\n`);
}
