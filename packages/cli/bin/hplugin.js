#!/usr/bin/env node
// Thin shim: everything lives in the built entry, so that the CLI and its tests run the same code.
import { run } from '../dist/main.js';

process.exitCode = await run(process.argv.slice(2));
