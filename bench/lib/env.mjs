/**
 * The tools the bench drives, the environment every timed command gets, and the machine facts
 * BENCHMARKS.md records. Both sides of a comparison get the same environment; only the variables
 * named in a case differ (HPLUGIN_CACHE_DIR, GOCACHE).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The workspace entry: the built packages as tsc leaves them, one module per source file. */
export const WORKSPACE_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'hplugin.js');
let hpluginBin = WORKSPACE_BIN;
/** The hplugin every timed command runs: the workspace entry, or the packed package (`--cli packed`). */
export const hpluginBinPath = () => hpluginBin;
export function useHpluginBin(path) {
  hpluginBin = path;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name, extraDirs = []) {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...extraDirs]) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} not found on PATH (looked in ${extraDirs.join(', ') || 'PATH only'}); see BENCHMARKS.md "Prerequisites".`);
}

export function findTools() {
  const go = which('go', ['/usr/local/go/bin']);
  return {
    node: process.execPath,
    go,
    oras: which('oras', [join(process.env.HOME ?? '/root', 'go', 'bin'), '/root/go/bin']),
    registry: which('docker-registry'),
  };
}

/** The environment of every timed command: no colours or spinners, no inherited hplugin or Go overrides. */
export function baseEnv(tools, dockerConfigDir) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith('HPLUGIN_') && !k.startsWith('REGISTRY_') && !['GOFLAGS', 'GOOS', 'GOARCH', 'GOCACHE', 'NODE_OPTIONS'].includes(k),
    ),
  );
  return {
    ...env,
    PATH: [dirname(tools.go), dirname(tools.oras), env.PATH ?? ''].join(delimiter),
    CI: 'true',
    NO_COLOR: '1',
    // Never download a different Go mid-run: both sides use the Go that is installed.
    GOTOOLCHAIN: 'local',
    // An empty docker config: neither hplugin nor oras may find credentials or helpers to call.
    DOCKER_CONFIG: dockerConfigDir,
  };
}

function firstLine(file, args) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .trim()
      .split('\n')[0];
  } catch (error) {
    return `unknown (${error.message.split('\n')[0]})`;
  }
}

export function machineFacts(tools) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const registryVersion = firstLine('dpkg-query', ['-W', '-f=${Version}', 'docker-registry']);
  return {
    cpuModel: model,
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: firstLine('uname', ['-sr']),
    versions: {
      node: process.version,
      go: firstLine(tools.go, ['version']),
      oras: firstLine(tools.oras, ['version']),
      dockerRegistry: registryVersion,
      hplugin: firstLine(tools.node, [hpluginBin, '--version']),
      hpluginCommit: firstLine('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD']),
    },
    loadAverageAtStart: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}
