#!/usr/bin/env node
// Thin shim: everything lives in the built entry, so that the CLI and its tests run the same code.
// First the compile cache (Node ≥ 22.1; nothing on Node 20), so that the modules loaded after it are cached.
(await import('../dist/compile-cache.js')).enableCompileCache();
const { run } = await import('../dist/main.js');

process.exitCode = await run(process.argv.slice(2));
