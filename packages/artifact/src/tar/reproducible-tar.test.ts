import { chmod, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { sha256Digest } from '@hplugin/oci';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import { streamToBuffer, tempDirs } from '../__fixtures__/temp.js';
import { createReproducibleTarGz } from './reproducible-tar.js';
import { findPluginWasm } from './find-plugin-wasm.js';

const newDir = tempDirs();
const wasm = proxyWasmModule({ padTo: 50_000 });

async function archive(path: string, mtimeSeconds = 0): Promise<Buffer> {
  return streamToBuffer(createReproducibleTarGz([{ name: 'plugin.wasm', path }], { mtimeSeconds }).stream);
}

describe('createReproducibleTarGz', () => {
  it('gives the same bytes whatever the file mode, mtime and owner-facing metadata', async () => {
    const a = join(await newDir(), 'main.wasm');
    const b = join(await newDir(), 'other-name.wasm');
    await writeFile(a, wasm);
    await writeFile(b, wasm);
    await chmod(a, 0o600);
    await chmod(b, 0o755);
    await utimes(a, new Date('2001-01-01'), new Date('2001-01-01'));
    await utimes(b, new Date('2029-09-09'), new Date('2029-09-09'));
    const [x, y] = [await archive(a), await archive(b)];
    expect(x.equals(y)).toBe(true);
    expect((await archive(a, 1_700_000_000)).equals(x)).toBe(false);
  });

  it('writes one plugin.wasm entry: mode 0644, owner 0/0, no names, the given mtime', async () => {
    const path = join(await newDir(), 'x.wasm');
    await writeFile(path, wasm, { mode: 0o600 });
    const dir = await newDir();
    await writeFile(join(dir, 'p.tar.gz'), await archive(path, 1_700_000_000));
    // GNU tar reads it as a person would see it.
    const listing = await execa('tar', ['--numeric-owner', '-tvzf', join(dir, 'p.tar.gz')], { env: { TZ: 'UTC' } });
    expect(listing.stdout).toMatch(/^-rw-r--r-- 0\/0 +50000 2023-11-14 22:13 plugin\.wasm$/);
    const verbose = await execa('tar', ['-tvzf', join(dir, 'p.tar.gz')]);
    expect(verbose.stdout).not.toMatch(/root/);
    await execa('tar', ['-xzf', join(dir, 'p.tar.gz'), '-C', dir]);
    expect((await readFile(join(dir, 'plugin.wasm'))).equals(wasm)).toBe(true);
  });

  it('writes a gzip header without name or time, and with the OS byte fixed', async () => {
    const path = join(await newDir(), 'x.wasm');
    await writeFile(path, wasm);
    const gz = await archive(path);
    expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 0x08, 0x00]); // no FNAME/FCOMMENT/FEXTRA flags
    expect(gz.readUInt32LE(4)).toBe(0); // MTIME
    expect(gz[9]).toBe(255); // OS: unknown
    await execa('gzip', ['-t'], { input: gz });
  });

  it('reports the digest of the archived module, as the gateway scan sees it', async () => {
    const path = join(await newDir(), 'x.wasm');
    await writeFile(path, wasm);
    const made = createReproducibleTarGz([{ name: 'plugin.wasm', path }], { mtimeSeconds: 0 });
    const bytes = await streamToBuffer(made.stream);
    const [entry] = await made.entries;
    expect(entry).toEqual({ name: 'plugin.wasm', digest: sha256Digest(wasm), size: wasm.length });
    const lookup = await findPluginWasm(Readable.from([bytes]), 1 << 20);
    expect(lookup).toMatchObject({ found: { path: 'plugin.wasm', type: 'File', digest: sha256Digest(wasm), size: wasm.length } });
  });

  it('orders entries by name, not by the order given', async () => {
    const dir = await newDir();
    await writeFile(join(dir, 'a'), 'A');
    await writeFile(join(dir, 'b'), 'B');
    const one = createReproducibleTarGz(
      [
        { name: 'b.txt', path: join(dir, 'b') },
        { name: 'a.txt', path: join(dir, 'a') },
      ],
      { mtimeSeconds: 0 },
    );
    const two = createReproducibleTarGz(
      [
        { name: 'a.txt', path: join(dir, 'a') },
        { name: 'b.txt', path: join(dir, 'b') },
      ],
      { mtimeSeconds: 0 },
    );
    expect((await streamToBuffer(one.stream)).equals(await streamToBuffer(two.stream))).toBe(true);
  });

  it('fails the stream when the source file is missing', async () => {
    const made = createReproducibleTarGz([{ name: 'plugin.wasm', path: '/nonexistent/x.wasm' }], { mtimeSeconds: 0 });
    await expect(streamToBuffer(made.stream)).rejects.toThrow(/ENOENT/);
    await expect(made.entries).rejects.toThrow(/ENOENT/);
  });
});
