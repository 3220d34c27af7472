#!/usr/bin/env node
// Thin shim: everything lives in the built entry, so that the CLI and its tests run the same code.
// First the compile cache (Node ≥ 22.1), so that the modules loaded after it are cached. On Node 20
// there is no such cache, and the module that turns it on is not even loaded (start-up counts).
import nodeModule from 'node:module';

const argv = process.argv.slice(2);
// A bare version check compiles next to nothing: it does not pay for turning the cache on either.
const versionOnly = argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
if (!versionOnly && typeof nodeModule.enableCompileCache === 'function') (await import('../dist/compile-cache.js')).enableCompileCache();
// Then, for the commands that build first, go itself (on a guess the build checks): it compiles
// while the rest of hplugin loads. See src/head-start.ts. Other commands do not load that module.
if (argv[0] === 'build' || argv[0] === 'package' || argv[0] === 'publish') {
  await (await import('../dist/head-start.js')).startCompilerHeadStart(argv, process.env);
}
const { run } = await import('../dist/main.js');

process.exitCode = await run(argv);
