/**
 * Which files of a Go module can change the compiled bytes. Conservative on purpose: a file
 * wrongly counted costs one rebuild; a file wrongly left out serves a stale plugin.
 *
 * - Go-ish sources always count: *.go (not _test.go), *.s, *.c, *.h, *.syso, go.mod, go.sum,
 *   plus the Higress conventions .buildrc and prepare.sh.
 * - As soon as any Go file in the module uses //go:embed, EVERY file counts: embed patterns can
 *   name any file in the package tree, and evaluating them exactly would mean re-implementing Go.
 * - Never: VCS and node_modules folders, nested modules (their own go.mod: a different module),
 *   and the paths hplugin itself writes (the output file and its temp files, the cache).
 */
import { access, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FileFactsReader } from './hash-files.js';

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.hplugin-cache']);
const SOURCE_RE = /(?<!_test)\.go$|\.(s|c|h|syso)$|^(go\.mod|go\.sum|\.buildrc|prepare\.sh)$/;

export interface ModuleFileOptions {
  /** Absolute paths that are outputs, never inputs (a file, or a folder and everything under it). */
  excluded: string[];
  /** Reads each Go file once (and not at all when the stat index knows it). */
  reader?: FileFactsReader;
}

export interface ListedFiles {
  /** Paths relative to the module root, with / separators, sorted. */
  files: string[];
  usesEmbed: boolean;
}

function isExcluded(path: string, excluded: string[]): boolean {
  return excluded.some((ex) => path === ex || path.startsWith(ex + sep));
}

/** hplugin's own temp files: `.plugin.wasm.<pid>.<rand>.tmp` next to the output. */
const TEMP_RE = /^\..+\.\d+\.[0-9a-f]+\.tmp$/;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function walk(root: string, dir: string, options: ModuleFileOptions, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (isExcluded(full, options.excluded)) continue;
    const kind = entry.isSymbolicLink()
      ? await stat(full).then(
          (st) => (st.isFile() ? 'file' : 'other'),
          () => 'other',
        )
      : entry.isDirectory()
        ? 'dir'
        : entry.isFile()
          ? 'file'
          : 'other';
    if (kind === 'dir') {
      if (SKIP_DIRS.has(entry.name)) continue;
      // A nested go.mod starts another module, which is not part of this one (Go agrees).
      if (await exists(join(full, 'go.mod'))) continue;
      await walk(root, full, options, out);
    } else if (kind === 'file' && !TEMP_RE.test(entry.name)) {
      // Go does not follow symlinked folders when matching packages, so neither does this walk.
      out.push(relative(root, full).split(sep).join('/'));
    }
  }
}

export async function listModuleFiles(root: string, options: ModuleFileOptions): Promise<ListedFiles> {
  const all: string[] = [];
  await walk(root, root, options, all);
  all.sort();
  const goFiles = all.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  const reader = options.reader ?? new FileFactsReader();
  let usesEmbed = false;
  for (const f of goFiles) {
    if ((await reader.of(join(root, f))).embeds) {
      usesEmbed = true;
      break;
    }
  }
  const files = usesEmbed ? all : all.filter((f) => SOURCE_RE.test(f.split('/').pop() ?? f));
  return { files, usesEmbed };
}
