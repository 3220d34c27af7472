import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { inspectLayout } from '../inspect.js';
import { publicRepoUrl, readGitInfo } from './git-info.js';
import { packagePlugin } from './package-plugin.js';

const newDir = tempDirs();

describe('publicRepoUrl', () => {
  it.each([
    ['git@github.com:alibaba/higress.git', 'https://github.com/alibaba/higress'],
    ['https://github.com/alibaba/higress.git', 'https://github.com/alibaba/higress'],
    ['https://ci-bot:ghp_secret123@github.com/org/repo.git', 'https://github.com/org/repo'],
    ['ssh://git@gitlab.example.com:2222/team/plugins.git', 'https://gitlab.example.com/team/plugins'],
    ['/srv/git/local.git', undefined],
    ['file:///srv/git/local.git', undefined],
  ])('%s → %s', (remote, expected) => {
    expect(publicRepoUrl(remote)).toBe(expected);
  });
});

describe('git annotations', () => {
  it('adds source, revision and the commit time, and leaves credentials out', async () => {
    const dir = await newDir();
    const plugin = await writePluginDir(dir);
    const env = { GIT_AUTHOR_DATE: '@1650000000 +0000', GIT_COMMITTER_DATE: '@1650000000 +0000', GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
    const git = (...args: string[]) => execa('git', ['-C', dir, ...args], { env });
    await git('init', '-q');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'init');
    await git('remote', 'add', 'origin', 'https://bot:tok3n-secret@git.example.com/team/hello.git');
    const info = await readGitInfo(dir);
    expect(info).toMatchObject({ source: 'https://git.example.com/team/hello', commitSeconds: 1650000000 });
    expect(info.revision).toMatch(/^[0-9a-f]{40}$/);

    const result = await packagePlugin({
      pluginDir: dir,
      wasmPath: plugin.wasmPath,
      name: 'hello',
      version: '1.0.0',
      gitAnnotations: true,
      env: {},
    });
    const { manifest } = await inspectLayout(result.layoutDir);
    expect(manifest.annotations).toMatchObject({
      'org.opencontainers.image.source': 'https://git.example.com/team/hello',
      'org.opencontainers.image.revision': info.revision,
      'org.opencontainers.image.created': '2022-04-15T05:20:00Z',
    });
    expect(JSON.stringify(manifest)).not.toContain('tok3n-secret');
    // SOURCE_DATE_EPOCH still wins over the commit time.
    const pinned = await packagePlugin({
      pluginDir: dir,
      wasmPath: plugin.wasmPath,
      name: 'hello',
      version: '1.0.0',
      gitAnnotations: true,
      layoutDir: join(dir, 'other'),
      env: { SOURCE_DATE_EPOCH: '0' },
    });
    expect((await inspectLayout(pinned.layoutDir)).manifest.annotations?.['org.opencontainers.image.created']).toBe('1970-01-01T00:00:00Z');
  });

  it('takes the revision and time of the newest commit touching the inputs, not HEAD', async () => {
    const dir = await newDir();
    const plugin = await writePluginDir(join(dir, 'extensions', 'hello'));
    const at = (seconds: number) => ({
      GIT_AUTHOR_DATE: `@${seconds} +0000`,
      GIT_COMMITTER_DATE: `@${seconds} +0000`,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    });
    const git = (seconds: number, ...args: string[]) =>
      execa('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { env: at(seconds) });
    await git(0, 'init', '-q');
    await git(0, 'add', '.');
    await git(1650000000, 'commit', '-q', '-m', 'the plugin');
    const mine = (await git(0, 'rev-parse', 'HEAD')).stdout.trim();
    const packageIt = async (layout: string) => {
      const r = await packagePlugin({
        pluginDir: plugin.dir,
        wasmPath: plugin.wasmPath,
        name: 'hello',
        version: '1.0.0',
        gitAnnotations: true,
        inputPaths: [plugin.dir],
        layoutDir: join(dir, layout),
        env: {},
      });
      return { digest: r.manifestDigest, annotations: (await inspectLayout(r.layoutDir)).manifest.annotations };
    };
    const before = await packageIt('out1');
    await execa('mkdir', ['-p', join(dir, 'elsewhere')]);
    await execa('touch', [join(dir, 'elsewhere', 'other.go')]);
    await git(0, 'add', '.');
    await git(1700000000, 'commit', '-q', '-m', 'another plugin');
    expect(await readGitInfo(plugin.dir, [plugin.dir])).toMatchObject({ revision: mine, commitSeconds: 1650000000 });
    const after = await packageIt('out2');
    expect(after.annotations?.['org.opencontainers.image.revision']).toBe(mine);
    expect(after.digest).toBe(before.digest);
    // Without inputs it is HEAD, as before.
    expect((await readGitInfo(plugin.dir)).commitSeconds).toBe(1700000000);
  });

  it('is silent outside a repository', async () => {
    expect(await readGitInfo(await newDir())).toEqual({});
  });
});
