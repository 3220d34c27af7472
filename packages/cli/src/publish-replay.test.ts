import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from './context.js';
import { publishReplayKey } from './publish-replay.js';

function io(env: NodeJS.ProcessEnv, tty = false): Io {
  const stream = () => Object.assign(new PassThrough(), { isTTY: tty });
  return { stdout: stream(), stderr: stream(), stdin: stream(), env };
}

const ARGS = ['publish', '--registry', '127.0.0.1:5000', '--repository', 'team/x'];

describe('which publish commands may be answered from a record', () => {
  it('a plain publish gets a key that changes with the arguments, the environment and the version', async () => {
    const env = { HPLUGIN_CACHE_DIR: '/c', PATH: '/bin' };
    const key = await publishReplayKey(ARGS, io(env), '1.0.0');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await publishReplayKey(ARGS, io(env), '1.0.0')).toBe(key);
    // The shell's own bookkeeping differs between two command lines and is not part of the key.
    expect(await publishReplayKey(ARGS, io({ ...env, _: '/usr/bin/time', OLDPWD: '/tmp', SHLVL: '3' }), '1.0.0')).toBe(key);
    expect(await publishReplayKey([...ARGS, '--tag', 'dev'], io(env), '1.0.0')).not.toBe(key);
    expect(await publishReplayKey(ARGS, io({ ...env, GOFLAGS: '-tags=x' }), '1.0.0')).not.toBe(key);
    expect(await publishReplayKey(ARGS, io(env), '1.0.1')).not.toBe(key);
  });

  it('never for other commands, terminals, work or output a replay cannot give', async () => {
    const env = { PATH: '/bin' };
    expect(await publishReplayKey(['package'], io(env), '1')).toBeUndefined();
    expect(await publishReplayKey(ARGS, io(env, true), '1')).toBeUndefined();
    for (const extra of ['--force', '--dry-run', '-v', '--verbose', '--all', '--sbom', '--sign', '--json=false', '-qv', '--help']) {
      expect(await publishReplayKey([...ARGS, extra], io(env), '1'), extra).toBeUndefined();
    }
    expect(await publishReplayKey([...ARGS, '--json'], io(env), '1')).toMatch(/^[0-9a-f]{64}$/);
  });
});
