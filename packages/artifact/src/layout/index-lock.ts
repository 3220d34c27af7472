/**
 * One writer of index.json at a time, across processes. proper-lockfile takes a lock by mkdir
 * (atomic on every filesystem, NFS included), refreshes it while held, and treats a lock whose
 * holder died as stale after a few seconds, so a crashed packager never blocks the next one.
 */
import { join } from 'node:path';
import { HpluginError } from '@hplugin/core';

const LOCK_NAME = 'index.json.lock';

// Loaded at the first write of index.json (or while go compiles, preloadPackagingLibraries), not with
// the layout: a publish whose package is kept never writes it, and the import is ~10 ms.
let lockfileLib: Promise<typeof import('proper-lockfile')> | undefined;
export const loadIndexLock = (): Promise<typeof import('proper-lockfile')> => (lockfileLib ??= import('proper-lockfile'));

export async function withIndexLock<T>(layoutDir: string, run: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  const lockfile = await loadIndexLock();
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(layoutDir, {
      lockfilePath: join(layoutDir, LOCK_NAME),
      realpath: false,
      stale: 10_000,
      // Packagers hold the lock for milliseconds; retry often, for up to about a minute in total.
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 400, randomize: true },
      onCompromised: (err) => {
        compromised = err;
      },
    });
  } catch (err) {
    throw new HpluginError('LAYOUT_BUSY', `Another process kept the OCI layout ${layoutDir} locked for too long.`, {
      hint: `Wait for the other hplugin command to finish. If none is running, remove ${join(layoutDir, LOCK_NAME)}.`,
      cause: err,
    });
  }
  try {
    const result = await run();
    if (compromised) throw compromised;
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
