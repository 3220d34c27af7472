// Measures the host on a real module: compile, instantiation (+ _initialize + start + configure),
// and per-request time (median of N) for a few plugin behaviours.
// Usage: node packages/host/scripts/measure.mjs <plugin.wasm> [requests=1000]
// (build packages/host first: npx tsc -b packages/host)
import { performance } from 'node:perf_hooks';
import { compilePlugin, createHost } from '../dist/index.js';

const [wasm, n = '1000'] = process.argv.slice(2);
if (!wasm) throw new Error('usage: measure.mjs <plugin.wasm> [requests]');
const count = Number(n);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (run) => {
  const t = performance.now();
  await run();
  return performance.now() - t;
};

const compileMs = [];
let plugin;
for (let i = 0; i < 5; i++) compileMs.push(await time(async () => (plugin = await compilePlugin(wasm))));
const startMs = [];
for (let i = 0; i < 20; i++) startMs.push(await time(async () => (await createHost({ wasm: plugin, config: { header: 'x' } })).close()));

const scenarios = {
  'headers only': { config: { header: 'hello', remove: ['x-a'] }, request: { path: '/x', headers: { 'x-a': '1' } } },
  'body in 3 chunks + response body': {
    config: { bodySuffix: '!', responsePrefix: '>' },
    request: { method: 'POST', body: ['a'.repeat(1000), 'b'.repeat(1000), 'c'.repeat(1000)], response: { body: 'ok' } },
  },
  'http callout round-trip': {
    config: { auth: { service: 'auth.svc', port: 80 } },
    request: { path: '/x' },
    callouts: () => ({ status: 200, headers: { 'x-user': 'a' }, body: 'ok' }),
  },
};
const rows = [];
for (const [name, s] of Object.entries(scenarios)) {
  const host = await createHost({ wasm: plugin, config: s.config, callouts: s.callouts });
  for (let i = 0; i < 100; i++) await host.request(s.request); // warm-up
  const ms = [];
  for (let i = 0; i < count; i++) ms.push(await time(() => host.request(s.request)));
  rows.push({
    scenario: name,
    'median µs': Math.round(median(ms) * 1000),
    'p99 µs': Math.round([...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)] * 1000),
  });
  host.close();
}
console.log(
  `compile (WebAssembly.compile + import scan): first ${compileMs[0].toFixed(1)} ms, median of 5 ${median(compileMs).toFixed(1)} ms`,
);
console.log(
  `createHost on a compiled module (instantiate, _initialize, vm_start, configure), median of 20: ${median(startMs).toFixed(2)} ms`,
);
console.table(rows);
