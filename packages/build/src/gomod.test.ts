import { describe, expect, it } from 'vitest';
import { parseGoMod } from './gomod.js';
import { parseBuildrc, tagsFromBuildrc } from './conventions.js';

describe('parseGoMod', () => {
  it('reads module, go, toolchain and replace directives in both forms', () => {
    const info = parseGoMod(`// a comment
module "example.com/hello" // trailing

go 1.24.1
toolchain go1.26.0

require github.com/tidwall/gjson v1.18.0

replace example.com/local => ../local
replace example.com/pinned v1.0.0 => example.com/fork v1.2.0
replace (
\texample.com/abs => /opt/src/abs
\texample.com/dot v0.1.0 => ./vendor-ish // why
)
`);
    expect(info).toEqual({
      module: 'example.com/hello',
      go: '1.24.1',
      toolchain: 'go1.26.0',
      replaces: [
        { from: 'example.com/local', to: '../local', local: true },
        { from: 'example.com/pinned', to: 'example.com/fork v1.2.0', local: false },
        { from: 'example.com/abs', to: '/opt/src/abs', local: true },
        { from: 'example.com/dot', to: './vendor-ish', local: true },
      ],
    });
  });

  it('returns empty replaces for a module without any', () => {
    expect(parseGoMod('module m\n\ngo 1.24\n')).toEqual({ module: 'm', go: '1.24', replaces: [] });
  });
});

describe('.buildrc', () => {
  it('reads KEY=VALUE lines the way the Higress Makefile includes them', () => {
    const vars = parseBuildrc('# tags\nEXTRA_TAGS=proxy_wasm_version_0_2_100\nexport IMAGE_NAME="go-basic-auth"\nX ?= y # note\n');
    expect(vars).toEqual({ EXTRA_TAGS: 'proxy_wasm_version_0_2_100', IMAGE_NAME: 'go-basic-auth', X: 'y' });
    expect(tagsFromBuildrc(vars)).toEqual(['proxy_wasm_version_0_2_100']);
    expect(tagsFromBuildrc({ EXTRA_TAGS: 'a b,c' })).toEqual(['a', 'b', 'c']);
    expect(tagsFromBuildrc({})).toEqual([]);
  });
});
