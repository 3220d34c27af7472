#!/usr/bin/env node
/**
 * Builds what would be published as `hplugin`, in a staging folder, and packs it.
 *
 * Only `hplugin` is published. The internal @hplugin/* packages are bundled into it by tsdown (one
 * ESM entry, plus the compile-cache switch the bin runs first; commands in lazily loaded chunks), so
 * that a user installs one package and nothing can go missing between package versions. npm dependencies stay external: they are the `dependencies`
 * of packages/cli/package.json, and tsdown refuses to inline anything else (deps.onlyBundle).
 * The staged package.json keeps only what a user needs (no workspace devDependencies, no scripts).
 *
 *   node packages/cli/scripts/pack.mjs [--out <dir>]   → prints the tarball's absolute path
 *   node packages/cli/scripts/pack.mjs --stage <dir>   → only stage (bundle + files) into <dir>
 *   node packages/cli/scripts/pack.mjs --refuse-direct → the `prepack` guard of the workspace package
 *
 * Run `npm run build` (tsc -b) first: the bundle is made from the packages' built dist/ files.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO = resolve(CLI_DIR, '..', '..');

const { values } = parseArgs({
  options: { out: { type: 'string' }, stage: { type: 'string' }, 'refuse-direct': { type: 'boolean' } },
});

if (values['refuse-direct']) {
  // `npm pack -w hplugin` would pack the workspace manifest, whose @hplugin/* packages are not on any
  // registry: the result would install nowhere. Say how to get the real package instead.
  process.stderr.write(
    'error: pack hplugin with `npm run pack` (packages/cli/scripts/pack.mjs): it bundles the @hplugin/* packages first.\n',
  );
  process.exit(1);
}

/** Files the published package carries besides the bundle: [source in the repo, path in the package]. */
const ASSETS = [
  ['packages/cli/bin/hplugin.js', 'bin/hplugin.js'],
  ['templates', 'templates'],
  ['plugin.config.schema.json', 'plugin.config.schema.json'],
  ['packages/host/hplugin.test.schema.json', 'hplugin.test.schema.json'],
  // The spec generator's Go source, built on first use (see @hplugin/metadata specgen/binary.ts).
  ['packages/metadata/go/specgen', 'go/specgen'],
  ['packages/cli/README.md', 'README.md'],
  // Every error names its entry here (`error.docs`, and `more:` with --verbose), relative to the package.
  ['docs/error-codes.md', 'docs/error-codes.md'],
];

function publishedManifest() {
  const pkg = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8'));
  return {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    type: 'module',
    license: pkg.license,
    engines: pkg.engines,
    bin: pkg.bin,
    // A command-line tool: library users take the @hplugin/* packages from the monorepo.
    exports: { './package.json': './package.json' },
    files: pkg.files,
    // Our own packages are inlined by the bundle; only the npm packages stay dependencies.
    dependencies: Object.fromEntries(Object.entries(pkg.dependencies).filter(([name]) => !name.startsWith('@hplugin/'))),
  };
}

/** `…/src/commands/inspect/run.ts` → `inspect-run`; undefined for anything else. */
function commandChunkName(moduleId) {
  const match = /[/\\]commands[/\\]([a-z-]+)[/\\]([a-z-]+)\.[jt]s$/.exec(moduleId ?? '');
  return match ? `${match[1]}-${match[2]}` : undefined;
}

async function bundle(outDir) {
  const { build } = await import('tsdown');
  const manifest = publishedManifest();
  await build({
    config: false,
    cwd: CLI_DIR,
    // compile-cache and head-start: what bin/hplugin.js runs before it loads main (see src/compile-cache.ts
    // and src/head-start.ts; main shares head-start's module state through a common chunk).
    entry: { main: 'src/main.ts', 'compile-cache': 'src/compile-cache.ts', 'head-start': 'src/head-start.ts' },
    outDir,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    fixedExtension: false,
    dts: false,
    sourcemap: false,
    clean: true,
    logLevel: 'warn',
    tsconfig: join(CLI_DIR, 'tsconfig.json'),
    // A command's lazily loaded chunk is named after its folder (inspect-run-<hash>.js), not "run".
    outputOptions: { chunkFileNames: (chunk) => `${commandChunkName(chunk.facadeModuleId) ?? '[name]'}-[hash].js` },
    deps: {
      neverBundle: [...Object.keys(manifest.dependencies), /^node:/],
      // Declared in packages/cli/package.json (where the unbundled workspace code needs them), and
      // inlined here: tsdown would otherwise leave every declared dependency external.
      alwaysBundle: [/^@hplugin\//],
      // Everything else must be ours: an npm package inlined by accident would hide a missing
      // `dependencies` entry and ship someone else's code unversioned. This makes that an error.
      onlyBundle: [/^@hplugin\//],
    },
  });
}

/**
 * The bundle's help screens (dist/help-screens.json), rendered by the bundle itself. Its npm
 * dependencies (yargs) are found through a node_modules link to the workspace's, removed afterwards.
 */
function renderHelpScreens(dir) {
  const link = join(dir, 'node_modules');
  symlinkSync(join(REPO, 'node_modules'), link, 'dir');
  try {
    execFileSync(process.execPath, [join(CLI_DIR, 'scripts', 'help-screens.mjs'), join(dir, 'dist')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } finally {
    rmSync(link);
  }
}

export async function stage(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await bundle(join(dir, 'dist'));
  for (const [from, to] of ASSETS) {
    const src = join(REPO, from);
    if (!existsSync(src)) throw new Error(`pack: ${from} is missing (run npm run build first?)`);
    cpSync(src, join(dir, to), { recursive: true });
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(publishedManifest(), null, 2) + '\n');
  renderHelpScreens(dir);
  return dir;
}

if (values.stage) {
  await stage(resolve(values.stage));
} else {
  const out = resolve(values.out ?? REPO);
  mkdirSync(out, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'hplugin-pack-'));
  try {
    await stage(staging);
    const report = JSON.parse(execFileSync('npm', ['pack', staging, '--json', '--pack-destination', out], { encoding: 'utf8' }));
    process.stdout.write(join(out, report[0].filename) + '\n');
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
