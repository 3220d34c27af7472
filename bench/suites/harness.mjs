/**
 * The in-process host: `hplugin run` of a plugin whose build is cached (one request, whole
 * process), and `hplugin test` with 10 cases against it. Targets: run ≤ 300 ms (read from the
 * median; `node -e 0` is beside it for the floor), test with 10 cases ≤ 2× one run. The 10 cases
 * are the scaffolded plugin's own cases, plus copies of the first one up to 10.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTree, hplugin, scaffold } from '../lib/fixtures.mjs';
import { run } from '../lib/proc.mjs';

const CASES = 10;

/** The scaffold's test file with its first case repeated (renamed) until there are CASES cases. */
async function tenCaseFile(dir) {
  const text = await readFile(join(dir, 'hplugin.test.yaml'), 'utf8');
  const [head, ...cases] = text.split(/\n(?= {2}- name: )/);
  const extra = [];
  for (let i = cases.length; i < CASES; i++) extra.push(cases[0].replace(/^ {2}- name: (.*)$/m, `  - name: $1 (copy ${i})`));
  await writeFile(join(dir, 'bench10.test.yaml'), [head, ...cases, ...extra].join('\n'));
  return cases.length + extra.length;
}

export async function harnessSuite(ctx) {
  const src = (ctx.shared.e2eSource ??= await scaffold(join(ctx.work, 'e2e-src'), 'x', ctx.env));
  const dir = await copyTree(src, join(ctx.work, 'harness', 'x'));
  const env = { ...ctx.goEnv(), HPLUGIN_CACHE_DIR: join(ctx.work, 'harness-cache') };
  const count = await tenCaseFile(dir);
  ctx.log('  building once (untimed), so every timed run is a cache hit');
  await run(hplugin(['build'], dir, env));
  await run(hplugin(['test', '--file', 'bench10.test.yaml'], dir, env));
  const cases = [
    { name: 'node -e 0', command: () => ({ file: ctx.tools.node, args: ['-e', '0'], cwd: dir, env }) },
    { name: 'hplugin run', command: () => hplugin(['run', '--path', '/api'], dir, env) },
    { name: `hplugin test (${count} cases)`, command: () => hplugin(['test', '--file', 'bench10.test.yaml'], dir, env) },
  ];
  return {
    title: 'In-process host: run and test of a cached plugin',
    rounds: ctx.runs * 2,
    notes: `Target: \`hplugin run\` ≤ 300 ms whole-process (its median below); \`hplugin test\` with ${count} cases ≤ 2× one run.`,
    cases,
    commands: {
      'hplugin run': ['hplugin run --path /api'],
      [`hplugin test (${count} cases)`]: ['hplugin test --file bench10.test.yaml'],
    },
    comparisons: [
      { subject: `hplugin test (${count} cases)`, baseline: 'hplugin run', target: 2.0 },
      { subject: 'hplugin run', baseline: 'node -e 0' },
    ],
  };
}
