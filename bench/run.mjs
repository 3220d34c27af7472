#!/usr/bin/env node
/**
 * hplugin benchmarks: `npm run bench -- [--runs 5] [--only startup,e2e,publish,workspace] …`
 * (see BENCHMARKS.md). Needs a built tree (`npm run build`), Go, oras and docker-registry; GNU time
 * for peak RSS. Progress goes to stderr, the markdown report to stdout, samples to --json FILE.
 * Nothing here asserts a time: the figures are for reading, never for failing a build.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { alternate } from './lib/alternate.mjs';
import { baseEnv, findTools, machineFacts, useHpluginBin, WORKSPACE_BIN } from './lib/env.mjs';
import { installPacked } from './lib/packed.mjs';
import { canMeasureRss } from './lib/proc.mjs';
import { startRegistry } from './lib/registry.mjs';
import { figures, machineMarkdown, suiteMarkdown } from './lib/report.mjs';
import { startupSuite } from './suites/startup.mjs';
import { e2eSuite } from './suites/e2e.mjs';
import { publishSuite } from './suites/publish.mjs';
import { workspaceSuite } from './suites/workspace.mjs';
import { harnessSuite } from './suites/harness.mjs';

const SUITES = ['startup', 'harness', 'e2e-cold', 'e2e-cold-go', 'e2e-warm', 'publish', 'workspace'];
const USAGE = `Usage: node bench/run.mjs [options]
  --runs N          alternating rounds per suite (default 5, at least 5 for figures worth quoting;
                    start-up runs 4× as many)
  --only LIST       comma-separated subset of: ${SUITES.join(', ')}
                    (e2e = the three e2e suites; e2e-cold-go: Go's build cache cold as well)
  --sizes LIST      big-plugin sizes in MiB for the publish suite (default 64,256)
  --plugins N       plugins in the workspace suite (default 20)
  --go-cache MODE   warm (default): Go's build cache is filled once and shared by both sides;
                    cold: every cold run on either side gets a fresh GOCACHE
  --json FILE       also write every sample and figure as JSON
  --cli WHICH       workspace (default): the built packages' entry (packages/cli/bin/hplugin.js);
                    packed: the package as published (bundled), installed by npm into an empty prefix
  --keep            keep the work folder (plugins, caches, registry storage) and print its path
  -h, --help        this text`;

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      sizes: { type: 'string', default: '64,256' },
      plugins: { type: 'string', default: '20' },
      'go-cache': { type: 'string', default: 'warm' },
      json: { type: 'string' },
      keep: { type: 'boolean', default: false },
      cli: { type: 'string', default: 'workspace' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = (values.only ?? SUITES.join(','))
    .split(',')
    .flatMap((s) => (s === 'e2e' ? ['e2e-cold', 'e2e-cold-go', 'e2e-warm'] : [s.trim()]));
  const unknown = only.filter((s) => !SUITES.includes(s));
  const runs = Number(values.runs);
  if (
    unknown.length ||
    !Number.isInteger(runs) ||
    runs < 1 ||
    !['warm', 'cold'].includes(values['go-cache']) ||
    !['workspace', 'packed'].includes(values.cli)
  ) {
    console.error(`${unknown.length ? `Unknown suite: ${unknown.join(', ')}\n` : ''}${USAGE}`);
    process.exit(2);
  }
  return {
    runs,
    only,
    sizes: values.sizes.split(',').map(Number),
    plugins: Number(values.plugins),
    goCache: values['go-cache'],
    json: values.json,
    keep: values.keep,
    cli: values.cli,
  };
}

async function main() {
  const opts = options();
  if (!existsSync(join(WORKSPACE_BIN, '..', '..', 'dist', 'index.js'))) throw new Error('hplugin is not built: run `npm run build` first.');
  // The help screens of this build, as `npm run build` renders them (after a bare `tsc -b` they could
  // be missing or stale, and `hplugin --help` would measure yargs' fallback instead). Untimed.
  execFileSync(process.execPath, [join(WORKSPACE_BIN, '..', '..', 'scripts', 'help-screens.mjs')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!canMeasureRss()) console.error('note: /usr/bin/time is missing (apt-get install time), so peak RSS is not measured');
  const tools = findTools();
  const work = await mkdtemp(join(tmpdir(), 'hplugin-bench-'));
  const log = (line) => console.error(line);
  const env = baseEnv(tools, join(work, 'docker-config'));
  await mkdir(join(work, 'docker-config'));
  if (opts.cli === 'packed') {
    log('  packing hplugin and installing it into an empty prefix (npm)');
    useHpluginBin(await installPacked(work, { ...process.env, HPLUGIN_CACHE_DIR: join(work, 'pack-cache') }));
  }
  const warmGoCache = join(work, 'gocache');
  let fresh = 0;
  const ctx = {
    tools,
    work,
    env,
    log,
    runs: opts.runs,
    shared: {},
    goEnv: () => ({ ...env, GOCACHE: warmGoCache }),
    // A new GOCACHE for the next run (the previous fresh one deleted).
    freshGoEnv: async (current) => {
      if (current.GOCACHE !== warmGoCache) await rm(current.GOCACHE, { recursive: true, force: true });
      return { ...current, GOCACHE: join(work, `gocache-fresh-${fresh++}`) };
    },
    // --go-cache cold: every cold run gets a fresh GOCACHE; else the shared warm one.
    coldGoEnv: (current) => (opts.goCache === 'cold' ? ctx.freshGoEnv(current) : current),
  };
  const needsRegistry = opts.only.some((s) => s.startsWith('e2e') || s === 'publish');
  let registry;
  const results = [];
  try {
    if (needsRegistry) ctx.registry = registry = await startRegistry(join(work, 'registry'), tools.registry);
    const machine = machineFacts(tools);
    const sections = [machineMarkdown(machine, opts)];
    const plans = [];
    if (opts.only.includes('startup')) plans.push(() => startupSuite(ctx));
    if (opts.only.includes('harness')) plans.push(() => harnessSuite(ctx));
    if (opts.only.includes('e2e-cold')) plans.push(() => e2eSuite(ctx, { warm: false }));
    if (opts.only.includes('e2e-cold-go')) plans.push(() => e2eSuite(ctx, { warm: false, goCold: true }));
    if (opts.only.includes('e2e-warm')) plans.push(() => e2eSuite(ctx, { warm: true }));
    if (opts.only.includes('publish')) for (const mib of opts.sizes) plans.push(() => publishSuite(ctx, mib));
    if (opts.only.includes('workspace')) plans.push(() => workspaceSuite(ctx, opts.plugins));
    for (const plan of plans) {
      const suite = await plan();
      log(`${suite.title}: ${suite.rounds} rounds`);
      const samples = await alternate(suite.cases, suite.rounds, log);
      const f = figures(suite, samples);
      results.push(f);
      sections.push(suiteMarkdown(f));
      log(suiteMarkdown(f));
    }
    console.log(sections.join('\n\n'));
    if (opts.json) await writeFile(opts.json, JSON.stringify({ machine, options: opts, results }, null, 2));
  } finally {
    await registry?.stop();
    if (opts.keep) log(`work folder kept: ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.stack ?? String(error));
  process.exitCode = 1;
});
