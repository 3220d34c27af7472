/**
 * The GitHub Actions workflow: it parses, it does what the brief of a plugin repository needs
 * (full history, Go 1.24+, Node 20, npm ci, changed plugins only, publish from the main branch with
 * secrets), its shell steps behave (run with bash against a real git repository and a recording
 * npx), and every hplugin command and flag it uses exists in the built CLI's --help.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { renderCiWorkflow, writeCiWorkflow } from './ci.js';
import { hplugin } from './__fixtures__/cli.js';
import { removeTempDirs, tempDir } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  run?: string;
  if?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[]; env?: Record<string, string> }>;
}

async function workflow(mainBranch?: string): Promise<{ text: string; steps: Step[]; doc: Workflow }> {
  const text = await renderCiWorkflow('github', mainBranch);
  const doc = parseYaml(text) as Workflow;
  return { text, doc, steps: Object.values(doc.jobs)[0]!.steps };
}

const step = (steps: Step[], match: (s: Step) => boolean): Step => {
  const found = steps.find(match);
  if (!found) throw new Error('step not found');
  return found;
};

describe('the GitHub workflow', () => {
  it('runs on push to the main branch and on pull requests, with the tools it needs', async () => {
    const { doc, steps, text } = await workflow('release');
    expect(doc.on).toEqual({ push: { branches: ['release'] }, pull_request: null });
    expect(text).not.toMatch(/\{\{\s*mainBranch/);
    expect(step(steps, (s) => s.uses?.startsWith('actions/checkout@') === true).with).toEqual({ 'fetch-depth': 0 });
    const go = step(steps, (s) => s.uses?.startsWith('actions/setup-go@') === true).with!;
    const [major, minor] = String(go['go-version']).split('.').map(Number);
    expect(major === 1 && minor! >= 24).toBe(true);
    expect(go['cache-dependency-path']).toBe('**/go.sum');
    expect(step(steps, (s) => s.uses?.startsWith('actions/setup-node@') === true).with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(step(steps, (s) => s.uses?.startsWith('actions/cache@') === true).with).toMatchObject({ path: '~/.cache/hplugin' });
    const runs = steps.map((s) => s.run?.trim());
    // npm ci with the committed lockfile, npm install before there is one; before any hplugin command.
    const install = runs.findIndex((r) => r?.includes('then npm ci; else npm install'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(runs.findIndex((r) => r?.includes('npx hplugin')));
    // The plugins' native Go tests run too, not only hplugin test.
    expect(runs.some((r) => r?.includes('go test ./...'))).toBe(true);
  });

  it('publishes only on a push to the main branch, with registry credentials from secrets', async () => {
    const { steps } = await workflow();
    const publish = step(steps, (s) => s.run?.includes('npx hplugin publish') === true);
    expect(publish.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(publish.env).toMatchObject({
      HPLUGIN_REGISTRY: '${{ vars.HPLUGIN_REGISTRY }}',
      HPLUGIN_REGISTRY_USERNAME: '${{ secrets.HPLUGIN_REGISTRY_USERNAME }}',
      HPLUGIN_REGISTRY_PASSWORD: '${{ secrets.HPLUGIN_REGISTRY_PASSWORD }}',
    });
    for (const verb of ['build', 'test', 'package'])
      expect(step(steps, (s) => s.run?.includes(`npx hplugin ${verb}`) === true).if).toBeUndefined();
  });

  it('every hplugin command and flag it runs exists in the built CLI', async () => {
    const { steps } = await workflow();
    const used = new Map<string, Set<string>>();
    for (const s of steps) {
      for (const [, verb] of (s.run ?? '').matchAll(/npx hplugin ([a-z]+)/g)) {
        const flags = used.get(verb!) ?? new Set<string>();
        for (const [flag] of (s.run ?? '').matchAll(/--[a-z][a-z-]*/g)) flags.add(flag);
        used.set(verb!, flags);
      }
    }
    expect([...used.keys()].sort()).toEqual(['build', 'package', 'publish', 'test']);
    const top = await hplugin(['--help'], process.cwd());
    expect(top.exitCode, top.all).toBe(0);
    for (const [verb, flags] of used) {
      expect(top.stdout).toMatch(new RegExp(`^\\s+hplugin ${verb}\\b`, 'm'));
      const help = await hplugin([verb, '--help'], process.cwd());
      expect(help.exitCode, help.all).toBe(0);
      for (const flag of flags) expect(help.stdout, `${verb} ${flag}`).toMatch(new RegExp(`\\s${flag}\\s`));
    }
  });
});

/** A git repository with `count` commits; returns their shas, oldest first. */
async function gitRepo(dir: string, count: number): Promise<string[]> {
  const git = (args: string[]) =>
    execa('git', args, {
      cwd: dir,
      env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
    });
  await git(['init', '-q']);
  const shas: string[] = [];
  for (let i = 0; i < count; i++) {
    await writeFile(join(dir, `f${i}`), `${i}\n`);
    await git(['add', '.']);
    await git(['commit', '-q', '-m', `c${i}`]);
    shas.push((await git(['rev-parse', 'HEAD'])).stdout.trim());
  }
  return shas;
}

describe('the workflow shell steps, run with bash', () => {
  it('choose the PR base, else the commit before the push, else the previous commit, else none', async () => {
    const { steps } = await workflow();
    const script = step(steps, (s) => s.id === 'base').run!;
    const run = async (dir: string, env: Record<string, string>) => {
      const out = join(dir, '..', `out-${Math.random().toString(16).slice(2)}`);
      await writeFile(out, '');
      await execa('bash', ['-e', '-c', script], { cwd: dir, env: { PR_BASE: '', BEFORE: '', ...env, GITHUB_OUTPUT: out } });
      return (await readFile(out, 'utf8')).trim();
    };
    const work = await tempDir();
    const dir = join(work, 'repo');
    await mkdir(dir);
    const [first, second] = await gitRepo(dir, 3);
    expect(await run(dir, { PR_BASE: first!, BEFORE: second! })).toBe(`sha=${first}`);
    expect(await run(dir, { BEFORE: first! })).toBe(`sha=${first}`);
    // A new branch: GitHub sends forty zeros; a force push: a commit this clone does not have.
    expect(await run(dir, { BEFORE: '0'.repeat(40) })).toBe(`sha=${second}`);
    expect(await run(dir, { BEFORE: 'f'.repeat(40) })).toBe(`sha=${second}`);
    const lone = join(work, 'lone');
    await mkdir(lone);
    await gitRepo(lone, 1);
    expect(await run(lone, { BEFORE: '0'.repeat(40) })).toBe('sha=');
  });

  it('pass --changed-since <base>, or --all without a base, and the registry only when the variable is set', async () => {
    const { steps } = await workflow();
    const bin = await tempDir();
    // A recording npx: the steps' commands are checked without running hplugin.
    await writeFile(join(bin, 'npx'), '#!/bin/sh\nfor a in "$@"; do printf "[%s]" "$a"; done\necho\n');
    await chmod(join(bin, 'npx'), 0o755);
    const run = async (verb: string, env: Record<string, string>) => {
      const script = step(steps, (s) => s.run?.includes(`npx hplugin ${verb}`) === true).run!;
      return (
        await execa('bash', ['-e', '-c', script], { env: { PATH: `${bin}:${process.env.PATH}`, BASE: '', HPLUGIN_REGISTRY: '', ...env } })
      ).stdout;
    };
    expect(await run('build', { BASE: 'abc123' })).toBe('[hplugin][build][--changed-since][abc123]');
    expect(await run('test', {})).toBe('[hplugin][test][--all]');
    // CI is strict about documentation gaps: package and publish fail on them there.
    expect(await run('package', { BASE: 'abc123' })).toBe('[hplugin][package][--strict][--changed-since][abc123]');
    expect(await run('package', {})).toBe('[hplugin][package][--strict][--all]');
    expect(await run('publish', { BASE: 'abc123', HPLUGIN_REGISTRY: 'ghcr.io/acme' })).toBe(
      '[hplugin][publish][--strict][--changed-since][abc123][--registry][ghcr.io/acme]',
    );
    expect(await run('publish', { BASE: 'abc123' })).toBe('[hplugin][publish][--strict][--changed-since][abc123]');
    expect(await run('publish', {})).toBe('[hplugin][publish][--strict][--all]');
  });
});

describe('writeCiWorkflow', () => {
  it('writes .github/workflows/plugins.yml into an existing repository, and refuses to replace it unless forced', async () => {
    const dir = await tempDir();
    const result = await writeCiWorkflow(dir, { provider: 'github', mainBranch: 'trunk' });
    expect(result).toEqual({
      provider: 'github',
      path: join(dir, '.github', 'workflows', 'plugins.yml'),
      file: '.github/workflows/plugins.yml',
    });
    const written = await readFile(result.path, 'utf8');
    expect(written).toBe(await renderCiWorkflow('github', 'trunk'));
    expect(written).toContain("github.ref == 'refs/heads/trunk'");
    await writeFile(result.path, 'mine\n');
    await expect(writeCiWorkflow(dir, { provider: 'github' })).rejects.toMatchObject({ code: 'SCAFFOLD_TARGET_NOT_EMPTY', exitCode: 2 });
    expect(await readFile(result.path, 'utf8')).toBe('mine\n');
    await writeCiWorkflow(dir, { provider: 'github', force: true });
    expect(await readFile(result.path, 'utf8')).toBe(await renderCiWorkflow('github'));
  });

  it('rejects an unknown provider and a branch name that would break the YAML', async () => {
    const dir = await tempDir();
    await expect(writeCiWorkflow(dir, { provider: 'gitlab' as 'github' })).rejects.toMatchObject({
      code: 'SCAFFOLD_CI_PROVIDER',
      exitCode: 2,
    });
    await expect(writeCiWorkflow(dir, { provider: 'github', mainBranch: 'main]\nx: [' })).rejects.toMatchObject({
      code: 'SCAFFOLD_INVALID_VALUE',
    });
  });
});
