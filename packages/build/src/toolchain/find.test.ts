import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHpluginError } from '@hplugin/core';
import { findToolchain, toolchainReport } from '../index.js';
import { tempDir, writeScript } from '../__fixtures__/fixtures.js';

async function caught(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHpluginError(err)) throw new Error(`expected an HpluginError, got ${String(err)}`);
  return err;
}

/** A `go` that answers like Go 1.21.5: too old for wasip1 c-shared. */
async function fakeOldGo(dir: string): Promise<string> {
  return writeScript(
    join(dir, 'go'),
    `case "$1" in
  env) echo '{"GOVERSION": "go1.21.5", "GOTOOLCHAIN": "local"}' ;;
  version) echo 'go version go1.21.5 linux/amd64' ;;
esac`,
  );
}

describe('findToolchain', () => {
  it('finds the real Go and reads its version', async () => {
    const go = await findToolchain('go');
    expect(go.path).toMatch(/go$/);
    expect(go.version).toMatch(/^go1\.\d+\.\d+$/);
  });

  it('says TOOLCHAIN_TOO_OLD with the version found and what to do', async () => {
    const goBinary = await fakeOldGo(await tempDir());
    const err = await caught(findToolchain('go', { goBinary }));
    expect(err.code).toBe('TOOLCHAIN_TOO_OLD');
    expect(err.message).toBe(`found go1.21.5 at ${goBinary}, need >= 1.24 for wasip1 c-shared.`);
    expect(err.hint).toMatch(/Install Go 1\.24\+ or set build\.go.*GOTOOLCHAIN/);
  });

  it('finds go on PATH before GOROOT/bin', async () => {
    const dir = await tempDir();
    const fake = await fakeOldGo(dir);
    const err = await caught(findToolchain('go', { env: { PATH: dir, GOROOT: '/usr/local/go' } }));
    expect(err.message).toContain(fake);
  });

  it('falls back to $GOROOT/bin when go is not on PATH', async () => {
    const root = await tempDir();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(root, 'bin'));
    const fake = await fakeOldGo(join(root, 'bin'));
    const err = await caught(findToolchain('go', { env: { PATH: await tempDir(), GOROOT: root } }));
    expect(err.message).toContain(fake);
  });

  it('says TOOLCHAIN_NOT_FOUND when nothing is on PATH or in GOROOT', async () => {
    const err = await caught(findToolchain('go', { env: { PATH: await tempDir(), GOROOT: '' } }));
    expect(err.code).toBe('TOOLCHAIN_NOT_FOUND');
    expect(err.message).toMatch(/^Could not find go: it is not on PATH nor in \$GOROOT\/bin/);
    expect(err.hint).toMatch(/build\.go/);
  });

  it('says TOOLCHAIN_NOT_FOUND for an override that does not exist', async () => {
    const err = await caught(findToolchain('tinygo', { tinygoBinary: '/nope/tinygo' }));
    expect(err).toMatchObject({
      code: 'TOOLCHAIN_NOT_FOUND',
      message: 'Could not find tinygo: build.tinygo is set to /nope/tinygo, which is not an executable file.',
    });
  });

  it('reads a TinyGo version and refuses releases before 0.28', async () => {
    const dir = await tempDir();
    const ok = await writeScript(
      join(dir, 'tinygo'),
      "echo 'tinygo version 0.33.0 linux/amd64 (using go version go1.22.5 and LLVM version 18.1.2)'",
    );
    expect(await findToolchain('tinygo', { tinygoBinary: ok })).toEqual({ path: ok, version: '0.33.0' });
    const old = await writeScript(join(dir, 'old-tinygo'), "echo 'tinygo version 0.25.0 linux/amd64 (using go version go1.19)'");
    expect((await caught(findToolchain('tinygo', { tinygoBinary: old }))).code).toBe('TOOLCHAIN_TOO_OLD');
  });

  it('reports every toolchain for doctor without throwing', async () => {
    const report = await toolchainReport({ env: { PATH: `${await tempDir()}:${process.env.PATH ?? ''}` } });
    expect(report.go).toMatchObject({ name: 'go', found: true });
    expect(report.binaryen).toMatchObject({ available: true });
    expect(report.binaryen.version).toMatch(/^\d+\.\d+\.\d+$/);
    // TinyGo cannot be installed on this machine; the report must say so rather than throw.
    if (report.tinygo.found) expect(report.tinygo.version).toMatch(/^\d+\.\d+\.\d+$/);
    else expect(report.tinygo.error.code).toBe('TOOLCHAIN_NOT_FOUND');
  });
});

describe('findToolchain: go env once per binary and environment', () => {
  /** A Go 1.26 that counts how often it is asked for its environment. */
  async function countingGo(dir: string): Promise<{ goBinary: string; calls: () => Promise<number> }> {
    const log = join(dir, 'calls');
    const goBinary = await writeScript(
      join(dir, 'go'),
      `case "$1" in
  env) echo x >> '${log}'; echo '{"GOVERSION": "go1.26.0", "GOTOOLCHAIN": "local"}' ;;
  version) echo 'go version go1.26.0 linux/amd64' ;;
esac`,
    );
    const { readFile } = await import('node:fs/promises');
    return { goBinary, calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length };
  }

  it('asks once for many plugins, and again when the environment differs', async () => {
    const go = await countingGo(await tempDir());
    const found = await Promise.all([1, 2, 3].map(() => findToolchain('go', { goBinary: go.goBinary })));
    expect(found.map((f) => f.version)).toEqual(['go1.26.0', 'go1.26.0', 'go1.26.0']);
    expect(await go.calls()).toBe(1);
    await findToolchain('go', { goBinary: go.goBinary, env: { GOFLAGS: '-mod=mod' } });
    expect(await go.calls()).toBe(2);
  });
});
