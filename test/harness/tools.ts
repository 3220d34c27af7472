/**
 * Finds the peer binaries the harness and the e2e suites drive: `oras`, `skopeo`, `docker-registry`,
 * `htpasswd`, `openssl` and `cosign`.
 *
 * API:
 *   findTool(name: PeerTool, searchPath = $PATH): string   absolute path, or throws TOOL_NOT_FOUND
 *     (oras and cosign are also looked for where `go install` puts them: $GOBIN, $(go env GOPATH)/bin, ~/go/bin)
 *   requireTools(...names): Record<name, path>
 *   PEER_TOOLS: the install step of each tool (the same lines as INSTALL.md)
 *
 * A missing tool is an error, never a skip: a suite that silently skips its registry tests proves
 * nothing. The error names the exact install line.
 */
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import { HarnessError } from './harness-error.js';

export type PeerTool = 'oras' | 'skopeo' | 'docker-registry' | 'htpasswd' | 'openssl' | 'cosign';

export const PEER_TOOLS: Readonly<Record<PeerTool, { install: string }>> = {
  oras: { install: 'go install oras.land/oras/cmd/oras@v1.3.6' },
  skopeo: { install: 'apt-get install -y skopeo' },
  'docker-registry': { install: 'apt-get install -y docker-registry' },
  htpasswd: { install: 'apt-get install -y apache2-utils' },
  openssl: { install: 'apt-get install -y openssl' },
  cosign: { install: 'go install github.com/sigstore/cosign/v2/cmd/cosign@v2.6.5' },
};

// Keyed by name and search path; misses are not cached, so installing a tool mid-run is seen.
const found = new Map<string, string>();

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `go install` puts binaries in $(go env GOPATH)/bin, which is often not on PATH (e.g. /root/go/bin). */
function goBinDirs(): string[] {
  const dirs = [join(homedir(), 'go', 'bin'), '/root/go/bin'];
  if (process.env.GOBIN) dirs.unshift(process.env.GOBIN);
  if (process.env.GOPATH) dirs.unshift(...process.env.GOPATH.split(delimiter).map((p) => join(p, 'bin')));
  for (const go of ['go', '/usr/local/go/bin/go']) {
    try {
      const gopath = execFileSync(go, ['env', 'GOPATH'], { encoding: 'utf8', timeout: 10_000 }).trim();
      if (gopath) dirs.push(...gopath.split(delimiter).map((p) => join(p, 'bin')));
      break;
    } catch {
      // No Go here: the fixed directories above are all we can try.
    }
  }
  return dirs;
}

export function findTool(name: PeerTool, searchPath: string = process.env.PATH ?? ''): string {
  const key = `${name}\0${searchPath}`;
  const cached = found.get(key);
  if (cached) return cached;
  const pathDirs = searchPath.split(delimiter).filter(Boolean);
  const dirs = name === 'oras' || name === 'cosign' ? [...pathDirs, ...goBinDirs()] : pathDirs;
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) {
      found.set(key, candidate);
      return candidate;
    }
  }
  throw new HarnessError('TOOL_NOT_FOUND', `The test harness needs \`${name}\`, and it is not installed (searched: ${dirs.join(', ')}).`, {
    hint: `Install it with \`${PEER_TOOLS[name].install}\` (see test/harness/INSTALL.md for all CI install lines).`,
    details: { tool: name },
  });
}

export function requireTools<T extends PeerTool>(...names: T[]): Record<T, string> {
  const paths = {} as Record<T, string>;
  for (const name of names) paths[name] = findTool(name);
  return paths;
}
