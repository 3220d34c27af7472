/**
 * Runs a peer tool (oras, skopeo, …) and returns what it did, without throwing on a non-zero exit,
 * so a test can assert on the exit code and the message alike.
 *
 * API:
 *   runPeer(tool, args, options?): Promise<PeerResult>
 *
 * Each run gets DOCKER_CONFIG set to a fresh empty folder unless `env` sets it, so a
 * login on the machine (or in another test) never changes what the peer sends. Bounded: 120 s.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, type PeerTool } from './tools.js';

export interface PeerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunPeerOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

export async function runPeer(tool: PeerTool, args: string[], options: RunPeerOptions = {}): Promise<PeerResult> {
  const dockerConfig = await mkdtemp(join(tmpdir(), 'hplugin-docker-config-'));
  try {
    return await run(findTool(tool), args, { ...options, env: { ...process.env, DOCKER_CONFIG: dockerConfig, ...options.env } });
  } finally {
    await rm(dockerConfig, { recursive: true, force: true });
  }
}

function run(file: string, args: string[], options: RunPeerOptions): Promise<PeerResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && typeof error.code !== 'number' ? `${stderr}\n${error.message}` : stderr });
      },
    );
    child.stdin!.end(options.input ?? '');
  });
}
