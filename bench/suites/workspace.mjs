/**
 * A workspace of N go-minimal plugins (20 by default): `hplugin build --all`, parallel (default
 * concurrency = cores) and `--concurrency 1`, cold and warm, against N sequential raw `go build`s.
 * Each variant owns a copy of the workspace and its own hplugin cache. Cold: that cache is emptied
 * (all but V8's compile cache of hplugin's own code, see coldHpluginCache) and every dist/ is gone;
 * the raw side deletes every main.wasm (or Go would skip the link). Warm: built before, nothing
 * changed. Go's cache is warm for all (or fresh for the cold ones with --go-cache cold).
 * The same raw builds run nproc at a time too, for information: on a small machine Go already uses
 * every core for one build, so that figure is the ceiling any parallel scheduler can reach, and
 * hplugin's parallel build is compared with it too.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { coldHpluginCache, copyTree, hplugin, pluginDirs, workspace } from '../lib/fixtures.mjs';
import { run, sh } from '../lib/proc.mjs';

const GO_BUILD = 'GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o main.wasm ./';
const RAW_LOOP = `for d in plugins/*/; do (cd "$d" && ${GO_BUILD}); done`;
/** The machine's own ceiling for parallel Go builds: the same builds, as many at once as there are cores. */
const RAW_PARALLEL = `ls -d plugins/*/ | xargs -P "$(nproc)" -I{} sh -c 'cd {} && ${GO_BUILD}'`;

export async function workspaceSuite(ctx, count) {
  ctx.log(`  scaffolding ${count} plugins`);
  const src = await workspace(join(ctx.work, 'ws-src'), count, ctx.env);
  const variants = [
    { key: 'cold', label: `hplugin build --all, cold`, args: [], cold: true },
    { key: 'cold-seq', label: `hplugin build --all --concurrency 1, cold`, args: ['--concurrency', '1'], cold: true },
    { key: 'warm', label: `hplugin build --all, warm`, args: [], cold: false },
    { key: 'warm-seq', label: `hplugin build --all --concurrency 1, warm`, args: ['--concurrency', '1'], cold: false },
  ];
  const rawName = `${count} sequential go builds`;
  const rawParallelName = `${count} go builds, nproc at a time (xargs -P)`;
  const rawDir = await copyTree(src, join(ctx.work, 'ws-raw'));
  const rawParallelDir = await copyTree(src, join(ctx.work, 'ws-raw-parallel'));
  let rawEnv = ctx.goEnv();
  let rawParallelEnv = ctx.goEnv();
  const cases = [
    {
      name: rawName,
      prepare: async () => {
        for (const d of await pluginDirs(rawDir)) await rm(join(d, 'main.wasm'), { force: true });
        rawEnv = await ctx.coldGoEnv(rawEnv);
      },
      command: () => sh(RAW_LOOP, rawDir, rawEnv),
    },
    {
      name: rawParallelName,
      prepare: async () => {
        for (const d of await pluginDirs(rawParallelDir)) await rm(join(d, 'main.wasm'), { force: true });
        rawParallelEnv = await ctx.coldGoEnv(rawParallelEnv);
      },
      command: () => sh(RAW_PARALLEL, rawParallelDir, rawParallelEnv),
    },
  ];
  ctx.log('  warming up');
  await run(sh(RAW_LOOP, rawDir, rawEnv));
  for (const v of variants) {
    const dir = await copyTree(src, join(ctx.work, `ws-${v.key}`));
    const cache = join(ctx.work, `ws-${v.key}-cache`);
    let env = { ...ctx.goEnv(), HPLUGIN_CACHE_DIR: cache };
    const command = () => hplugin(['build', '--all', ...v.args], dir, env);
    // Fills Go's cache for hplugin's flags, and the warm variants' own caches.
    await run(command());
    cases.push({
      name: v.label,
      ...(v.cold
        ? {
            prepare: async () => {
              for (const d of await pluginDirs(dir)) await rm(join(d, 'dist'), { recursive: true, force: true });
              await coldHpluginCache(cache);
              env = await ctx.coldGoEnv(env);
            },
          }
        : {}),
      command,
    });
  }
  return {
    title: `${count}-plugin workspace`,
    rounds: ctx.runs,
    cases,
    commands: Object.fromEntries([
      [rawName, [RAW_LOOP]],
      [rawParallelName, [RAW_PARALLEL]],
      ...variants.map((v) => [v.label, [`hplugin build --all${v.args.length ? ` ${v.args.join(' ')}` : ''}`]]),
    ]),
    comparisons: [
      ...variants.map((v) => ({ subject: v.label, baseline: rawName, ...(v.key === 'cold' ? { target: 0.6 } : {}) })),
      { subject: rawParallelName, baseline: rawName },
      // What the scheduler costs against the machine's own ceiling: 1.00× would be a perfect one.
      { subject: variants[0].label, baseline: rawParallelName },
    ],
  };
}
