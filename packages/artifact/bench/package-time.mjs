// Packaging time for a module of a given size. Run after `npx tsc -b packages/artifact`:
//   node packages/artifact/bench/package-time.mjs <real.wasm> [sizes in MB, e.g. 6 64]
// Sizes above the real module's are reached by appending a custom section filled with copies of
// the module itself, so the bytes compress like real Go output rather than like zeros or noise.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePlugin } from '../dist/index.js';

const [source, ...sizes] = process.argv.slice(2);
if (!source) throw new Error('usage: package-time.mjs <real.wasm> [MB...]');
const real = await readFile(source);

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}

function padTo(module, bytes) {
  if (bytes <= module.length) return module;
  const name = Buffer.concat([leb(7), Buffer.from('padding')]);
  const payload = bytes - module.length - 1 - 5 - name.length;
  const fill = Buffer.alloc(payload);
  for (let o = 0; o < payload; o += module.length) module.copy(fill, o, 0, Math.min(module.length, payload - o));
  const body = Buffer.concat([name, fill]);
  // A 5-byte LEB128 size, so the total is exactly `bytes`.
  const size = Buffer.alloc(5);
  for (let i = 0; i < 5; i++) size[i] = ((body.length >>> (7 * i)) & 0x7f) | (i < 4 ? 0x80 : 0);
  return Buffer.concat([module, Buffer.from([0]), size, body]);
}

for (const mb of sizes.length ? sizes.map(Number) : [real.length / 2 ** 20]) {
  const dir = await mkdtemp(join(tmpdir(), 'hplugin-bench-'));
  const wasm = padTo(real, Math.round(mb * 2 ** 20));
  await writeFile(join(dir, 'plugin.wasm'), wasm);
  await writeFile(join(dir, 'README.md'), '# bench\n');
  for (const format of ['higress', 'wasm-oci']) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const r = await packagePlugin({
        pluginDir: dir,
        wasmPath: join(dir, 'plugin.wasm'),
        format,
        name: 'bench',
        version: '1.0.0',
        layoutDir: join(dir, `oci-${i}`),
      });
      times.push(performance.now() - started);
      if (i === 0)
        console.log(`${format} ${(wasm.length / 2 ** 20).toFixed(1)} MiB → layers ${r.layers.map((l) => l.size).join('+')} bytes`);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${format} ${(wasm.length / 2 ** 20).toFixed(1)} MiB: median ${times[1].toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
  await rm(dir, { recursive: true, force: true });
}
