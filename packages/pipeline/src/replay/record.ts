/**
 * Writing the publish record (see record-file.ts) after a publish that changed nothing. What it
 * lists is deliberately wider than what the build and package stages read: a file listed in vain
 * only costs a full publish when it changes; a file missing from the list would replay a stale
 * result. So: every file and folder under the module's input folders (the plugin folder, its Go
 * module root, local replace targets), every config file name in every folder above the plugin,
 * the git files that name HEAD and the remote, the toolchain binary and Go's env file, the outputs
 * (dist/plugin.wasm and the layout index), and hplugin's own entry files. No record at all (the
 * fast path never applies) when the result depends on something a stat cannot see: a go.work, a
 * config written in JS or TS, a version from git tags, a prepare.sh, wasm-opt, a git worktree.
 */
import { existsSync } from 'node:fs';
import { lstat, readFile, rm } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileStamp, nowNs, sha256File, StatIndex, writeFileAtomic } from '@hplugin/core';
import { moduleInputDirs } from '@hplugin/build';
import { SEARCH_PLACES } from '@hplugin/config';
import { REPLAY_FACTS_SCHEMA, REPLAY_SCHEMA, replayRecordPath, replayStatIndexPath, type ReplayRecord } from './record-file.js';
import { entryNames } from './replay.js';

/** Folders whose content never changes a plugin (VCS internals, JS dependencies) and that hplugin writes. */
const UNWALKED = new Set(['.git', '.hg', '.svn', 'node_modules', '.hplugin-cache']);
/** A tree bigger than this is not worth a record: the stat walk would cost what it saves. */
const MAX_FILES = 5000;

export interface RecordInput {
  cacheDir: string;
  key: string;
  pluginDir: string;
  /** Files the publish wrote and the next one must find as they are (module, layout index). */
  outputs: string[];
  /** Folders not walked: outputs and caches (their files are in `outputs` when they matter). */
  excludedDirs: string[];
  toolchainPath: string;
  /** Inputs the config names that may lie outside the walked folders (READMEs, spec, icon). */
  extraFiles?: string[];
  /** hplugin's own files: a rebuilt or upgraded hplugin is a different command. */
  codeFiles: string[];
  env: NodeJS.ProcessEnv;
  remote: ReplayRecord['remote'];
  stdout: string;
  warnings: string[];
  summary: string;
}

class Collector {
  readonly files = new Map<string, string>();
  readonly dirs: Record<string, string[]> = {};
  readonly absent = new Set<string>();
  constructor(readonly index: StatIndex<string>) {}

  async file(path: string): Promise<boolean> {
    if (this.files.has(path)) return true;
    const readAt = nowNs();
    const stamp = await fileStamp(path);
    if (!stamp) return false;
    const sha256 = this.index.lookup(path, stamp) ?? (await sha256File(path)).sha256;
    this.files.set(path, sha256);
    this.index.set(path, stamp, readAt, sha256);
    return true;
  }

  /** A file if it exists, else remembered as absent (so that its appearance is a change). */
  async fileOrAbsent(path: string): Promise<void> {
    if (!(await this.file(path))) {
      if (existsSync(path)) throw new NotRecordable(`${path} exists but is not a regular file`);
      this.absent.add(path);
    }
  }

  async walk(dir: string, excluded: string[]): Promise<void> {
    if (this.dirs[dir] || excluded.some((ex) => dir === ex || dir.startsWith(ex + '/'))) return;
    const names = await entryNames(dir);
    this.dirs[dir] = names;
    for (const name of names) {
      const full = join(dir, name);
      const st = await lstat(full);
      if (st.isSymbolicLink()) throw new NotRecordable(`${full} is a symbolic link`);
      if (st.isDirectory()) {
        if (!UNWALKED.has(name)) await this.walk(full, excluded);
      } else if (st.isFile() && !excluded.includes(full)) {
        if (this.files.size >= MAX_FILES) throw new NotRecordable(`more than ${MAX_FILES} files`);
        await this.file(full);
      }
    }
  }
}

class NotRecordable extends Error {}

function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; dirname(d) !== d; d = dirname(d)) out.push(dirname(d));
  return out;
}

async function collectGit(c: Collector, pluginDir: string): Promise<void> {
  for (const dir of ancestors(pluginDir)) {
    const dotGit = join(dir, '.git');
    const st = await lstat(dotGit).catch(() => undefined);
    if (!st) {
      c.absent.add(dotGit);
      continue;
    }
    if (!st.isDirectory()) throw new NotRecordable('a git worktree or submodule (.git is a file)');
    for (const f of ['HEAD', 'config', 'packed-refs']) await c.fileOrAbsent(join(dotGit, f));
    const head = (await readFile(join(dotGit, 'HEAD'), 'utf8')).trim();
    const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
    if (ref) await c.fileOrAbsent(join(dotGit, ref));
    return;
  }
}

async function collectToolchain(c: Collector, toolchainPath: string, env: NodeJS.ProcessEnv): Promise<void> {
  await c.file(toolchainPath);
  // A `go` put earlier on PATH would be found first.
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = resolve(dir, 'go');
    if (candidate === toolchainPath || dirname(candidate) === dirname(toolchainPath)) break;
    await c.fileOrAbsent(candidate);
  }
  if (env.GOENV !== 'off') {
    const configHome = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
    const goEnv = env.GOENV || (configHome ? join(configHome, 'go', 'env') : undefined);
    if (goEnv) await c.fileOrAbsent(goEnv);
  }
}

async function collect(input: RecordInput, index: StatIndex<string>): Promise<Collector> {
  const c = new Collector(index);
  if (input.env.GOWORK && input.env.GOWORK !== 'off') throw new NotRecordable('GOWORK is set');
  if (existsSync(join(input.pluginDir, 'prepare.sh'))) throw new NotRecordable('prepare.sh runs on every build');
  for (const dir of ancestors(input.pluginDir)) {
    if (input.env.GOWORK !== 'off') {
      if (existsSync(join(dir, 'go.work'))) throw new NotRecordable('a go.work applies');
      c.absent.add(join(dir, 'go.work'));
    }
    for (const name of SEARCH_PLACES) {
      if (/\.(c|m)?(j|t)s$/.test(name) && existsSync(join(dir, name))) throw new NotRecordable(`${join(dir, name)} is code`);
      await c.fileOrAbsent(join(dir, name));
    }
    await c.fileOrAbsent(join(dir, 'VERSION'));
  }
  for (const dir of await moduleInputDirs(input.pluginDir)) await c.walk(dir, input.excludedDirs);
  for (const f of input.extraFiles ?? []) await c.fileOrAbsent(f);
  await collectGit(c, input.pluginDir);
  await collectToolchain(c, input.toolchainPath, input.env);
  for (const f of [...input.outputs, ...input.codeFiles]) if (!(await c.file(f))) throw new NotRecordable(`${f} is missing`);
  return c;
}

/**
 * Remember this publish for the fast path. Returns why not when it cannot be remembered; never
 * throws (a publish that worked must not fail on its cache).
 */
export async function recordUnchangedPublish(input: RecordInput): Promise<{ recorded: boolean; reason?: string }> {
  const recordPath = replayRecordPath(input.cacheDir, input.key);
  const indexPath = replayStatIndexPath(input.cacheDir, input.key);
  try {
    // The stamps taken while hashing go to the replay's stat index: the first replay reads no file it has just seen.
    const index = await StatIndex.load<string>(indexPath, { schema: REPLAY_FACTS_SCHEMA });
    const c = await collect(input, index);
    const record: ReplayRecord = {
      schema: REPLAY_SCHEMA,
      files: Object.fromEntries(c.files),
      dirs: c.dirs,
      absent: [...c.absent].sort(),
      remote: input.remote,
      stdout: input.stdout,
      warnings: input.warnings,
      summary: input.summary,
    };
    await index.save();
    await writeFileAtomic(recordPath, JSON.stringify(record));
    return { recorded: true };
  } catch (err) {
    await rm(recordPath, { force: true }).catch(() => undefined);
    return { recorded: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
