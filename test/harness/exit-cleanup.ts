/**
 * API: onProcessExit(cleanup): () => void   runs `cleanup` synchronously when the process exits;
 *      the returned function unregisters it.
 *
 * One `process.on('exit')` listener per process, kept on a global symbol: test runners evaluate
 * modules again for every test file, and a listener per evaluation would pile up (and warn).
 */
type Cleanup = () => void;

const KEY = Symbol.for('hplugin.test-harness.exit-cleanups');

function cleanups(): Set<Cleanup> {
  const holder = globalThis as { [KEY]?: Set<Cleanup> };
  if (!holder[KEY]) {
    const set = new Set<Cleanup>();
    holder[KEY] = set;
    process.on('exit', () => {
      for (const cleanup of set) {
        try {
          cleanup();
        } catch {
          // Exiting anyway: one failed cleanup must not stop the others.
        }
      }
    });
  }
  return holder[KEY];
}

export function onProcessExit(cleanup: Cleanup): () => void {
  const set = cleanups();
  set.add(cleanup);
  return () => void set.delete(cleanup);
}
