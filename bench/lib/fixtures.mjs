/**
 * The plugins the bench measures, made with hplugin's own scaffolder so they are what a user gets:
 * the default template for the end-to-end pair, go-minimal for the workspace and the big plugins.
 * Every side of a comparison works on its own copy, so one side's outputs (main.wasm, dist/) never
 * count as the other side's inputs or cache.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { hpluginBinPath } from './env.mjs';
import { run } from './proc.mjs';

export function hplugin(args, cwd, env) {
  return { file: process.execPath, args: [hpluginBinPath(), ...args], cwd, env };
}

/** `hplugin new <name> --yes` (template go-http unless given) into parent/<name>. */
export async function scaffold(parent, name, env, template) {
  await mkdir(parent, { recursive: true });
  await run(hplugin(['new', name, '--yes', ...(template ? ['--template', template] : []), '--dir', join(parent, name)], parent, env));
  return join(parent, name);
}

/**
 * Empties hplugin's cache folder for a cold round, except V8's compile cache of hplugin's own code
 * (`node-compile-cache`, written on Node ≥ 22.1 only; the bin turns it on). That one stays, as Go's
 * cache of the standard library and the SDK does in the cold suites: "cold" is this plugin's first
 * build, not hplugin's first run after an install.
 */
export async function coldHpluginCache(dir) {
  const names = await readdir(dir).catch(() => []);
  await Promise.all(names.filter((n) => n !== 'node-compile-cache').map((n) => rm(join(dir, n), { recursive: true, force: true })));
}

export async function copyTree(from, to) {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true, filter: (src) => !src.endsWith('/dist') });
  return to;
}

/** What the go-minimal SDK module weighs before any ballast (5.7 MiB with Go 1.26), rounded up. */
const SDK_CODE_MIB = 6;

/**
 * A plugin module just under `mib` MiB: the go-minimal plugin plus a `//go:embed` of `mib` - 6 MiB
 * of random bytes that init reads, so the Go linker keeps them in the module's data section. Just
 * under, because the gateway refuses modules over 256 MiB (hplugin's check says so too). Random
 * bytes do not compress, so the gzipped layer is as big as the module: the upload is honest.
 */
export async function bigPlugin(parent, mib, env) {
  const dir = await scaffold(parent, `big${mib}`, env, 'go-minimal');
  const out = createWriteStream(join(dir, 'blob.bin'));
  for (let i = 0; i < mib - SDK_CODE_MIB; i++) {
    if (!out.write(randomBytes(1 << 20))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await writeFile(
    join(dir, 'blob.go'),
    [
      'package main',
      '',
      'import (',
      '\t_ "embed"',
      '\t"strconv"',
      '',
      '\t"github.com/higress-group/proxy-wasm-go-sdk/proxywasm"',
      ')',
      '',
      '// blob is bench ballast: random bytes the module must carry, read below so the linker keeps them.',
      '//',
      '//go:embed blob.bin',
      'var blob []byte',
      '',
      'func init() {',
      '\tif len(blob) == 0 {',
      '\t\tproxywasm.LogWarn("empty blob")',
      '\t}',
      '\t_ = strconv.Itoa(int(blob[len(blob)/2]))',
      '}',
      '',
    ].join('\n'),
  );
  return dir;
}

/** A workspace root with `count` go-minimal plugins (p01 …) under plugins/, each made by `hplugin new`. */
export async function workspace(dir, count, env) {
  await mkdir(join(dir, 'plugins'), { recursive: true });
  await writeFile(join(dir, 'hplugin.config.yaml'), 'workspace:\n  plugins: ["plugins/*"]\n');
  for (let i = 1; i <= count; i++) {
    const name = `p${String(i).padStart(2, '0')}`;
    await run(hplugin(['new', name, '--yes', '--template', 'go-minimal', '--dir', join(dir, 'plugins', name)], dir, env));
  }
  return dir;
}

export async function pluginDirs(workspaceDir) {
  const names = (await readdir(join(workspaceDir, 'plugins'))).sort();
  return names.map((n) => join(workspaceDir, 'plugins', n));
}
