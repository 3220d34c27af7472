/**
 * The compiler invocation, as data. Pure: no files are read here (the caller has already merged
 * .buildrc tags into options.tags), so every flag combination is unit-tested without a toolchain.
 */
import { isAbsolute } from 'node:path';
import type { BuildOptions, ToolchainName } from './options.js';
import { outputPath } from './paths.js';

export interface BuildCommand {
  file: string;
  args: string[];
  /** Only the variables hplugin sets; the runner layers them over process.env. */
  env: Record<string, string>;
}

/** TinyGo + nottinygc panic in init without these (higress#1100). */
export const TINYGO_REQUIRED_TAGS = ['custommalloc', 'nottinygc_finalizer'];

/** `go build cmd/x` would mean the import path "cmd/x"; a folder needs ./ in front. */
export function packageArg(main = '.'): string {
  if (main === '.' || main === '..' || main.startsWith('./') || main.startsWith('../') || isAbsolute(main)) return main;
  return `./${main}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

export function buildCommand(options: BuildOptions, toolchain: { name: ToolchainName; path: string }): BuildCommand {
  const out = outputPath(options);
  const extra = [...(options.ldflags ? [`-ldflags=${options.ldflags}`] : []), ...(options.args ?? [])];
  if (toolchain.name === 'tinygo') {
    const tags = unique([...TINYGO_REQUIRED_TAGS, ...(options.tags ?? [])]);
    return {
      file: toolchain.path,
      args: [
        'build',
        '-scheduler=none',
        '-target=wasi',
        '-gc=custom',
        `-tags=${tags.join(' ')}`,
        ...extra,
        '-o',
        out,
        packageArg(options.main),
      ],
      env: { ...options.env },
    };
  }
  const tags = unique(options.tags ?? []);
  return {
    file: toolchain.path,
    args: [
      'build',
      // A reactor module (exports _initialize); without it the gateway fails with restricted_callback (higress#3268).
      '-buildmode=c-shared',
      '-trimpath',
      // VCS stamping would make the bytes depend on git state that the inputs hash does not see.
      '-buildvcs=false',
      ...(tags.length ? [`-tags=${tags.join(',')}`] : []),
      ...extra,
      '-o',
      out,
      packageArg(options.main),
    ],
    env: { GOOS: 'wasip1', GOARCH: 'wasm', ...options.env },
  };
}
