/**
 * node-tar loads when an archive is made or its first header read, not with the package: a publish
 * whose package is kept (its blobs checked before and unchanged by stat) does neither, and the
 * import is ~10 ms of its start-up. A package that will be made loads it while go compiles
 * (preloadPackagingLibraries).
 */
let tar: Promise<typeof import('tar')> | undefined;

export const loadTar = (): Promise<typeof import('tar')> => (tar ??= import('tar'));
