/**
 * CLI start-up: `hplugin --version` against `node -e 0` (the floor any Node CLI stands on), and
 * `hplugin --help` (it loads every command's description); targets 1.5× and 2×. Start-up is short, so
 * it gets four times the rounds of the other suites.
 */
import { hplugin } from '../lib/fixtures.mjs';

export async function startupSuite(ctx) {
  const { env, work, tools } = ctx;
  const cases = [
    { name: 'node -e 0', command: () => ({ file: tools.node, args: ['-e', '0'], cwd: work, env }) },
    { name: 'hplugin --version', command: () => hplugin(['--version'], work, env) },
    { name: 'hplugin --help', command: () => hplugin(['--help'], work, env) },
  ];
  return {
    title: 'CLI start-up',
    rounds: Math.max(ctx.runs * 4, 20),
    cases,
    comparisons: [
      { subject: 'hplugin --version', baseline: 'node -e 0', target: 1.5 },
      { subject: 'hplugin --help', baseline: 'node -e 0', target: 2.0 },
    ],
  };
}
