/** The errors a layout read or write can end in; each says which file and what to do. */
import { HpluginError } from '@hplugin/core';

export function blobCorrupt(digest: string, path: string, actual: string): HpluginError {
  return new HpluginError('BLOB_CORRUPT', `The blob ${path} does not hash to its name ${digest} (it hashes to ${actual}).`, {
    hint: 'The file was damaged or edited. Run `hplugin package` again: it rewrites blobs that do not match their digest.',
    details: { digest, actual, path },
  });
}

export function blobNotFound(digest: string, layoutDir: string): HpluginError {
  return new HpluginError('BLOB_NOT_FOUND', `The OCI layout ${layoutDir} has no blob ${digest}.`, {
    hint: 'The layout is incomplete. Run `hplugin package` again to rewrite it.',
    details: { digest, layoutDir },
  });
}

export function layoutInvalid(layoutDir: string, why: string, cause?: unknown): HpluginError {
  return new HpluginError('LAYOUT_INVALID', `${layoutDir} is not a valid OCI image layout: ${why}.`, {
    hint: 'Remove the folder and run `hplugin package` again, or point to another layout.',
    cause,
    details: { layoutDir },
  });
}
