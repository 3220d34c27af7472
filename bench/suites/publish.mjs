/**
 * Publishing a big plugin: `hplugin publish` of an already packaged plugin against `oras push` of
 * the same three files, each to a new repository every round so both upload every byte. Peak RSS is
 * measured for both. hplugin's figure includes what `publish` always does first: confirm the build
 * and the package are current (hashing the inputs, the 256 MiB blob included), as a user runs it.
 * A third case, for information, is the floor of any Node client: node's start plus one POST and
 * one PUT of the same layer (lib/upload-floor.mjs).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigPlugin, hplugin } from '../lib/fixtures.mjs';
import { run, sh } from '../lib/proc.mjs';
import { orasPushLine } from './e2e.mjs';

export async function publishSuite(ctx, mib) {
  const { registry } = ctx;
  const base = join(ctx.work, `publish-${mib}`);
  const env = { ...ctx.goEnv(), HPLUGIN_CACHE_DIR: join(base, 'hplugin-cache') };
  ctx.log(`  making a ${mib} MiB plugin (go:embed of random bytes) and packaging it`);
  const dir = await bigPlugin(base, mib, env);
  await run(hplugin(['package'], dir, env));
  // The raw side pushes the very module hplugin built, tarred the way the Higress docs do it.
  const rawDir = join(base, 'raw');
  await mkdir(rawDir, { recursive: true });
  await copyFile(join(dir, 'dist', 'plugin.wasm'), join(rawDir, 'plugin.wasm'));
  for (const f of ['spec.yaml', 'README.md']) await copyFile(join(dir, f), join(rawDir, f));
  await run(sh('tar czf plugin.tar.gz plugin.wasm', rawDir, env));

  const size = async (f) => `${((await stat(join(rawDir, f))).size / 2 ** 20).toFixed(1)} MiB`;
  const notes = `plugin.wasm ${await size('plugin.wasm')}, plugin.tar.gz ${await size('plugin.tar.gz')} (go-minimal plus a //go:embed of ${mib - 6} MiB of random bytes; packaged once before the rounds)`;
  const orasName = `oras push (${mib} MiB)`;
  const hpName = `hplugin publish (${mib} MiB)`;
  const floorName = `node: the layer's upload alone (${mib} MiB)`;
  const floorScript = fileURLToPath(new URL('../lib/upload-floor.mjs', import.meta.url));
  const layerDigest = await sha256Of(join(rawDir, 'plugin.tar.gz'));
  const floorArgs = (host, repository) => [floorScript, host, repository, './plugin.tar.gz', layerDigest];
  const cases = [
    { name: orasName, rss: true, command: (round) => sh(orasPushLine(registry.host, `bench/big${mib}-oras-r${round}:0.1.0`), rawDir, env) },
    {
      name: hpName,
      rss: true,
      command: (round) =>
        hplugin(['publish', '--registry', registry.host, '--plain-http', '--repository', `bench/big${mib}-hplugin-r${round}`], dir, env),
    },
    {
      name: floorName,
      rss: true,
      command: (round) => ({ file: process.execPath, args: floorArgs(registry.host, `bench/big${mib}-floor-r${round}`), cwd: rawDir, env }),
    },
  ];
  return {
    title: `Publish of a ${mib} MiB plugin`,
    rounds: ctx.runs,
    notes,
    cases,
    commands: {
      [orasName]: [orasPushLine('HOST', `bench/big${mib}-oras-rN:0.1.0`)],
      [hpName]: [`hplugin publish --registry HOST --plain-http --repository bench/big${mib}-hplugin-rN`],
      [floorName]: [`node bench/lib/upload-floor.mjs HOST bench/big${mib}-floor-rN ./plugin.tar.gz sha256:…`],
    },
    comparisons: [
      { subject: hpName, baseline: orasName, target: 1.0 },
      // What hplugin adds to the least a Node client needs, and how that least compares with oras.
      { subject: hpName, baseline: floorName },
      { subject: floorName, baseline: orasName },
    ],
    // Issue 19: peak RSS ≤ 2× oras's + 60 MB, for both sizes.
    rssTargets: { [hpName]: { baseline: orasName, factor: 2, plusMb: 60 } },
  };
}

/** The layer's digest, for the floor's PUT (computed before the rounds: the floor does not hash). */
async function sha256Of(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}
