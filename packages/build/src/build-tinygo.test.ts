/**
 * The TinyGo route through the real runner, with a fake `tinygo` on PATH (TinyGo cannot be
 * installed here): discovery, version, the exact argv, .buildrc tags, prepare.sh, and the check
 * on what it "compiled" (a hand-built proxy-wasm module it copies to -o).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHpluginError } from '@hplugin/core';
import { buildPlugin } from './index.js';
import { copyFixture, recordingReporter, tempDir, writeScript } from './__fixtures__/fixtures.js';
import { PROXY_EXPORTS, wasmModule } from './check/__fixtures__/wasm-builder.js';

const FAKE_TINYGO = `if [ "$1" = version ]; then
  echo 'tinygo version 0.33.0 linux/amd64 (using go version go1.22.5 and LLVM version 18.1.2)'; exit 0
fi
printf '%s\\n' "$@" > "$FAKE_TINYGO_LOG"
if [ -n "$FAKE_TINYGO_FAIL" ]; then echo './main.go:3:1: undefined: nottinygc' >&2; exit 1; fi
prev=""; for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
cp "$FAKE_TINYGO_WASM" "$out"`;

describe('building with a fake tinygo on PATH', () => {
  let binDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    binDir = await tempDir('fake-tinygo-');
    await writeScript(join(binDir, 'tinygo'), FAKE_TINYGO);
    const wasm = join(binDir, 'module.wasm');
    await writeFile(wasm, wasmModule({ exports: PROXY_EXPORTS, memory: true, imports: [{ module: 'env', name: 'proxy_log' }] }));
    env = { PATH: `${binDir}:${process.env.PATH ?? ''}`, FAKE_TINYGO_WASM: wasm, FAKE_TINYGO_LOG: join(binDir, 'argv.txt') };
  });

  it('runs prepare.sh, adds .buildrc tags, and passes the legacy flags', async () => {
    const pluginDir = await copyFixture('hello-header');
    await writeFile(join(pluginDir, '.buildrc'), 'EXTRA_TAGS=proxy_wasm_version_0_2_100\n');
    await writeScript(join(pluginDir, 'prepare.sh'), 'echo prepared > prepared.txt');
    const reporter = recordingReporter();
    const result = await buildPlugin({ pluginDir, toolchain: 'tinygo', env, cacheDir: await tempDir(), reporter });

    expect(result.toolchain).toEqual({ name: 'tinygo', version: '0.33.0', path: join(binDir, 'tinygo') });
    expect(result.command).toEqual([
      join(binDir, 'tinygo'),
      'build',
      '-scheduler=none',
      '-target=wasi',
      '-gc=custom',
      '-tags=custommalloc nottinygc_finalizer proxy_wasm_version_0_2_100',
      '-o',
      join(pluginDir, 'dist', 'plugin.wasm'),
      '.',
    ]);
    const argv = (await readFile(env.FAKE_TINYGO_LOG!, 'utf8')).trim().split('\n');
    // The compiler writes to a temp file beside the output; only a checked module is renamed into place.
    expect(argv.at(-2)).toMatch(/dist\/\.plugin\.wasm\.\d+\.[0-9a-f]+\.tmp$/);
    expect(result.check.ok).toBe(true);
    expect(await readFile(join(pluginDir, 'prepared.txt'), 'utf8')).toBe('prepared\n');
    expect(reporter.tasks[0]).toMatch(/^Running prepare\.sh \(set build\.prepare: false to skip it\)/);
  });

  it('skips prepare.sh when prepare is false', async () => {
    const pluginDir = await copyFixture('hello-header');
    await writeScript(join(pluginDir, 'prepare.sh'), 'echo prepared > prepared.txt');
    await buildPlugin({ pluginDir, toolchain: 'tinygo', env, cacheDir: await tempDir(), prepare: false });
    await expect(readFile(join(pluginDir, 'prepared.txt'))).rejects.toThrow(/ENOENT/);
  });

  it('reports PREPARE_FAILED with the script output', async () => {
    const pluginDir = await copyFixture('hello-header');
    await writeScript(join(pluginDir, 'prepare.sh'), 'echo "cannot fetch assets" >&2; exit 3');
    const err = await buildPlugin({ pluginDir, toolchain: 'tinygo', env, cacheDir: await tempDir() }).catch((e: unknown) => e);
    expect(isHpluginError(err) && err.code).toBe('PREPARE_FAILED');
    expect((err as Error).message).toBe('prepare.sh failed (exit 3):\ncannot fetch assets');
  });

  it('turns a TinyGo failure into BUILD_FAILED with its output and diagnostics', async () => {
    const pluginDir = await copyFixture('hello-header');
    const err = await buildPlugin({
      pluginDir,
      toolchain: 'tinygo',
      env: { ...env, FAKE_TINYGO_FAIL: '1' },
      cacheDir: await tempDir(),
    }).catch((e: unknown) => e);
    if (!isHpluginError(err)) throw err;
    expect(err.code).toBe('BUILD_FAILED');
    expect(err.message).toBe('tinygo build exited with code 1:\n./main.go:3:1: undefined: nottinygc');
    expect(err.details?.diagnostics).toEqual([{ file: join(pluginDir, 'main.go'), line: 3, column: 1, message: 'undefined: nottinygc' }]);
  });
});
