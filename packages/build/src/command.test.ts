import { describe, expect, it } from 'vitest';
import { buildCommand, packageArg } from './command.js';

const pluginDir = '/src/plugins/hello';

describe('buildCommand', () => {
  it('builds a Go >= 1.24 wasip1 reactor by default', () => {
    expect(buildCommand({ pluginDir }, { name: 'go', path: '/usr/local/go/bin/go' })).toEqual({
      file: '/usr/local/go/bin/go',
      args: ['build', '-buildmode=c-shared', '-trimpath', '-buildvcs=false', '-o', '/src/plugins/hello/dist/plugin.wasm', '.'],
      env: { GOOS: 'wasip1', GOARCH: 'wasm' },
    });
  });

  it('adds tags (deduplicated), ldflags, env and extra args before -o, so user args win', () => {
    const cmd = buildCommand(
      {
        pluginDir,
        main: 'cmd/plugin',
        output: '/out/x.wasm',
        tags: ['a', 'b', 'a'],
        ldflags: '-s -w',
        env: { GOFLAGS: '-mod=vendor' },
        args: ['-v'],
      },
      { name: 'go', path: 'go' },
    );
    expect(cmd.args).toEqual([
      'build',
      '-buildmode=c-shared',
      '-trimpath',
      '-buildvcs=false',
      '-tags=a,b',
      '-ldflags=-s -w',
      '-v',
      '-o',
      '/out/x.wasm',
      './cmd/plugin',
    ]);
    expect(cmd.env).toEqual({ GOOS: 'wasip1', GOARCH: 'wasm', GOFLAGS: '-mod=vendor' });
  });

  it('builds the legacy TinyGo command with the nottinygc tags first (higress#1100)', () => {
    const cmd = buildCommand({ pluginDir, tags: ['proxy_wasm_version_0_2_100'] }, { name: 'tinygo', path: '/usr/local/bin/tinygo' });
    expect(cmd).toEqual({
      file: '/usr/local/bin/tinygo',
      args: [
        'build',
        '-scheduler=none',
        '-target=wasi',
        '-gc=custom',
        '-tags=custommalloc nottinygc_finalizer proxy_wasm_version_0_2_100',
        '-o',
        '/src/plugins/hello/dist/plugin.wasm',
        '.',
      ],
      env: {},
    });
  });

  it('turns folder paths into package arguments Go reads as folders', () => {
    expect(packageArg()).toBe('.');
    expect(packageArg('cmd/x')).toBe('./cmd/x');
    expect(packageArg('./cmd/x')).toBe('./cmd/x');
    expect(packageArg('../shared')).toBe('../shared');
    expect(packageArg('/abs/dir')).toBe('/abs/dir');
  });
});
