/**
 * Several packager PROCESSES writing one layout at once (the in-process test shares an event loop;
 * this one does not). The children run the built package, so it is built first.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import { inspectLayout } from '../inspect.js';
import { OciLayout } from './oci-layout.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const child = fileURLToPath(new URL('../__fixtures__/package-child.mjs', import.meta.url));
const newDir = tempDirs();

beforeAll(async () => {
  await execa('npx', ['tsc', '-b', 'packages/artifact'], { cwd: repoRoot });
});

describe('concurrent packager processes', () => {
  it('leave a valid index.json holding every tag, each pointing at an intact artifact', async () => {
    const layoutDir = join(await newDir(), 'shared-oci');
    const count = 6;
    const plugins = await Promise.all(
      Array.from({ length: count }, async (_, i) =>
        writePluginDir(await newDir(), { wasm: proxyWasmModule({ seed: 100 + i, padTo: 400_000 }) }),
      ),
    );
    const outputs = await Promise.all(plugins.map((p, i) => execa('node', [child, p.dir, layoutDir, `2.0.${i}`, `2.0.${i}`, 'latest'])));
    const digests = outputs.map((o) => (JSON.parse(o.stdout) as { digest: string }).digest);

    const layout = await OciLayout.open(layoutDir);
    expect(await layout.tags()).toEqual([...Array.from({ length: count }, (_, i) => `2.0.${i}`), 'latest']);
    for (let i = 0; i < count; i++) {
      expect((await layout.resolve(`2.0.${i}`)).digest).toBe(digests[i]);
      expect((await inspectLayout(layoutDir, `2.0.${i}`)).verdict.ok).toBe(true);
    }
    expect(digests).toContain((await layout.resolve('latest')).digest);
    expect((await layout.index()).manifests).toHaveLength(count + 1);
  });
});
