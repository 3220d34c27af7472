/** Failures of any command: cancellation, the file system, bugs. */
import type { CatalogueEntry } from './entry.js';

export const CORE_ERRORS = {
  CANCELLED: {
    exit: 130,
    message: '<what> was cancelled; stopped before it finished, nothing was half-written.',
    hint: 'Run the command again to finish it.',
  },
  FS_NO_SPACE: {
    exit: 1,
    message: 'The disk is full; nothing was half-written, because hplugin writes atomically.',
    hint: 'Free some disk space and run the command again.',
  },
  FS_NOT_FOUND: {
    exit: 1,
    message: 'No such file or folder: <path>.',
    hint: 'Check the path, or pass --cwd to run from the plugin folder.',
  },
  FS_PERMISSION_DENIED: {
    exit: 1,
    message: 'Permission denied: <path>.',
    hint: 'Check the file permissions, or run hplugin from a folder you can write to.',
  },
  INTERNAL: {
    exit: 1,
    message: 'Unexpected error: <message>',
    hint: 'This is a bug in hplugin. Run again with --verbose and report the output.',
  },
} as const satisfies Record<string, CatalogueEntry>;
