/**
 * node-tar loads when an archive is made, scanned or its first header read, not with the package:
 * what uses the artifact package for anything else (the layout, the spec, the gateway check of an
 * archive it has just made) does not pay its ~10 ms import. A package that will be made loads it
 * while go compiles (preloadPackagingLibraries).
 */
let tar: Promise<typeof import('tar')> | undefined;

export const loadTar = (): Promise<typeof import('tar')> => (tar ??= import('tar'));
