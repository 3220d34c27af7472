/**
 * What making a package loads on first use (node-tar for the archive, proper-lockfile for index.json)
 * starts loading here, where the caller has CPU to spare before packaging: the pipeline calls it while
 * go compiles. A publish of a kept package never calls it: it loads node-tar only to read the kept
 * archive's first header, and proper-lockfile not at all.
 */
import { loadIndexLock } from '../layout/index-lock.js';
import { loadTar } from '../tar/node-tar.js';

export function preloadPackagingLibraries(): void {
  loadTar().catch(() => undefined);
  loadIndexLock().catch(() => undefined);
}
