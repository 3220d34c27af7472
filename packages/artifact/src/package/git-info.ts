/**
 * Provenance from git, when the plugin lives in a repository and the caller asks for it. Optional by
 * nature: no git, no repository, or no remote simply means fewer annotations.
 */
import { execa } from 'execa';

export interface GitInfo {
  revision?: string;
  /** The origin remote as a browsable https URL, without any credentials it may hold. */
  source?: string;
  /** The HEAD commit's committer time, in seconds. */
  commitSeconds?: number;
}

export async function readGitInfo(dir: string): Promise<GitInfo> {
  const git = async (...args: string[]): Promise<string | undefined> => {
    const result = await execa('git', ['-C', dir, ...args], { reject: false, timeout: 10_000, stdin: 'ignore' });
    return result.exitCode === 0 && typeof result.stdout === 'string' && result.stdout.trim() ? result.stdout.trim() : undefined;
  };
  const revision = await git('rev-parse', '--verify', 'HEAD');
  if (!revision) return {};
  const time = await git('log', '-1', '--format=%ct', 'HEAD');
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
