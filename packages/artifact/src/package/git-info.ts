/**
 * Provenance from git, when the plugin lives in a repository and the caller asks for it. Optional by
 * nature: no git, no repository, or no remote simply means fewer annotations.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface GitInfo {
  /** The newest commit that touched the plugin's inputs (HEAD when none was asked for). */
  revision?: string;
  /** The origin remote as a browsable https URL, without any credentials it may hold. */
  source?: string;
  /** That commit's committer time, in seconds. */
  commitSeconds?: number;
}

/**
 * `inputPaths` (absolute folders: the plugin and what it compiles from) narrows the revision and
 * time to the newest commit touching them, so a commit elsewhere in a monorepo leaves the plugin's
 * artifact, and its digest, unchanged. Without them (or when no commit touches them yet) it is HEAD.
 */
/** A .git (folder, or file for a worktree) in `dir` or above, or GIT_DIR set: git may find a repository. */
function mayBeInRepository(dir: string, env: NodeJS.ProcessEnv): boolean {
  if (env.GIT_DIR) return true;
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

export async function readGitInfo(dir: string, inputPaths: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<GitInfo> {
  // Outside any repository, neither execa (~70 ms to load) nor four git processes are needed.
  if (!mayBeInRepository(dir, env)) return {};
  const { execa } = await import('execa');
  const git = async (...args: string[]): Promise<string | undefined> => {
    const result = await execa('git', ['-C', dir, ...args], { reject: false, timeout: 10_000, stdin: 'ignore' });
    return result.exitCode === 0 && typeof result.stdout === 'string' && result.stdout.trim() ? result.stdout.trim() : undefined;
  };
  const head = await git('rev-parse', '--verify', 'HEAD');
  if (!head) return {};
  const touching = inputPaths.length ? await git('log', '-1', '--format=%H %ct', 'HEAD', '--', ...inputPaths) : undefined;
  const [revision, time] = touching ? touching.split(' ') : [head, await git('log', '-1', '--format=%ct', 'HEAD')];
  const remote = await git('config', '--get', 'remote.origin.url');
  const source = remote ? publicRepoUrl(remote) : undefined;
  return { revision, ...(source ? { source } : {}), ...(time && /^\d+$/.test(time) ? { commitSeconds: Number(time) } : {}) };
}

/**
 * `git@host:org/repo.git` → `https://host/org/repo`; `https://user:token@host/x.git` → `https://host/x`.
 * A token in a remote URL must never end up in a published annotation.
 */
export function publicRepoUrl(remote: string): string | undefined {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(remote);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    const path = url.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '');
    return `https://${url.hostname}${path}`;
  } catch {
    return undefined;
  }
}
