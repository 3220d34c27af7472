/**
 * End-to-end build + package + publish of the default scaffolded SDK plugin to the local registry,
 * against the raw flow a Higress user scripts by hand (go build, tar czf, oras push with the Higress
 * media types).
 *
 * Cold: hplugin's cache is emptied (all but V8's compile cache of hplugin's own code, see
 * coldHpluginCache) and dist/ is gone; the raw side starts without
 * main.wasm, plugin.wasm or plugin.tar.gz. Both push to a repository of their own, new every round,
 * so neither can skip a blob. Go's build cache is in the same state for both: warm (the default; one
 * untimed run of each side fills it) or, in the e2e-cold-go suite (and with --go-cache cold), a
 * fresh GOCACHE every run, as on a CI runner without a cache (the module cache stays filled).
 * Warm: nothing changed since the last run; each side publishes to the same repository and tag
 * again and keeps its outputs (the raw flow re-runs every step; Go may skip the link itself).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { coldHpluginCache, copyTree, hplugin, scaffold } from '../lib/fixtures.mjs';
import { run, sh } from '../lib/proc.mjs';

export const SPEC_MEDIA = 'application/vnd.module.wasm.spec.v1+yaml';
export const DOC_MEDIA = 'application/vnd.module.wasm.doc.v1+markdown';
export const LAYER_MEDIA = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** The `oras push` of the Higress layout, exactly as the Higress docs spell it. */
export function orasPushLine(host, ref) {
  return `oras push --plain-http ${host}/${ref} ./spec.yaml:${SPEC_MEDIA} ./README.md:${DOC_MEDIA} ./plugin.tar.gz:${LAYER_MEDIA}`;
}

export function rawFlowScript(host, ref) {
  return [
    'GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o main.wasm ./',
    'cp main.wasm plugin.wasm',
    'tar czf plugin.tar.gz plugin.wasm',
    orasPushLine(host, ref),
  ].join('\n');
}

export async function e2eSuite(ctx, { warm, goCold = false }) {
  const { registry } = ctx;
  const src = (ctx.shared.e2eSource ??= await scaffold(join(ctx.work, 'e2e-src'), 'x', ctx.env));
  const kind = warm ? 'warm' : goCold ? 'cold-go' : 'cold';
  const coldGoEnv = (env) => (goCold ? ctx.freshGoEnv(env) : ctx.coldGoEnv(env));
  const rawDir = await copyTree(src, join(ctx.work, `e2e-${kind}-raw`, 'x'));
  const hpDir = await copyTree(src, join(ctx.work, `e2e-${kind}-hplugin`, 'x'));
  const hpCache = join(ctx.work, `e2e-${kind}-hplugin-cache`);
  const repo = (side, round) => (warm ? `bench/e2e-warm-${side}` : `bench/e2e-${kind}-${side}-r${round}`);
  let rawEnv = ctx.goEnv();
  let hpEnv = { ...ctx.goEnv(), HPLUGIN_CACHE_DIR: hpCache };
  const rawCmd = (round) => sh(rawFlowScript(registry.host, `${repo('raw', round)}:0.1.0`), rawDir, rawEnv);
  const hpCmd = (round) =>
    hplugin(['publish', '--registry', registry.host, '--plain-http', '--repository', repo('hplugin', round)], hpDir, hpEnv);

  // Untimed: fills Go's cache for both flag sets (hplugin adds -trimpath), and, for warm, every other cache too.
  ctx.log(`  warming up (${kind})`);
  await run(rawCmd('warmup'));
  await run(hpCmd('warmup'));

  const cases = warm
    ? [
        { name: 'raw flow (warm)', command: rawCmd },
        { name: 'hplugin publish (warm)', command: hpCmd },
      ]
    : [
        {
          name: `raw flow (${kind})`,
          prepare: async () => {
            for (const f of ['main.wasm', 'plugin.wasm', 'plugin.tar.gz']) await rm(join(rawDir, f), { force: true });
            rawEnv = await coldGoEnv(rawEnv);
          },
          command: rawCmd,
        },
        {
          name: `hplugin publish (${kind})`,
          prepare: async () => {
            await rm(join(hpDir, 'dist'), { recursive: true, force: true });
            await coldHpluginCache(hpCache);
            hpEnv = await coldGoEnv(hpEnv);
          },
          command: hpCmd,
        },
      ];
  return {
    title: `End-to-end build + package + publish, ${warm ? 'warm' : goCold ? 'cold, Go build cache cold too' : 'cold'}`,
    rounds: ctx.runs,
    cases,
    commands: {
      [cases[0].name]: rawFlowScript('HOST', `${repo('raw', 'N')}:0.1.0`).split('\n'),
      [cases[1].name]: [`hplugin publish --registry HOST --plain-http --repository ${repo('hplugin', 'N')}`],
    },
    comparisons: [{ subject: cases[1].name, baseline: cases[0].name, target: warm ? 0.5 : 1.1 }],
  };
}
