/**
 * A publish talks to the registry while the package is still being made: the connection and one
 * HEAD per tag go out while go compiles (prefetchRemote), and the push reads those answers instead
 * of asking again. A proxy in front of a real registry notes, as each request arrives, whether the
 * package stage has written the layout's index yet.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, startRegistry, type FaultProxy, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';

let fx: PluginFixture;
let registry: RegistryHandle;
let proxy: FaultProxy;
/** Every request the proxy saw, with whether dist/oci/index.json existed in `watched` when it arrived. */
const seen: Array<{ method: string; path: string; layoutWritten: boolean }> = [];
let watched = '';

beforeAll(async () => {
  [fx, registry] = await Promise.all([scaffoldPlugin('prefetch'), startRegistry({})]);
  proxy = await startFaultProxy({
    target: registry,
    onRequest: (method, path) => seen.push({ method, path, layoutWritten: existsSync(join(watched, 'dist', 'oci', 'index.json')) }),
  });
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  await fx?.cleanup();
});

describe('publish prefetches the registry', () => {
  it('asks about the tag while the package is being made, and once more only to read it back after the push', async () => {
    const dir = await fx.copy();
    // Cold: nothing built or packaged yet, so the layout index appears only at the end of packaging.
    await rm(join(dir, 'dist'), { recursive: true, force: true });
    watched = dir;
    const env = { ...fx.env, HPLUGIN_CACHE_DIR: join(dir, '..', 'cache') };
    const result = await hplugin(['publish', '--registry', proxy.host, '--plain-http', '--repository', 'plugins/prefetch', '--json'], {
      cwd: dir,
      env,
    });
    expectOk(result, 'cold publish');
    expect(result.json().publish.status).toBe('pushed');
    const tagHeads = seen.filter((r) => r.method === 'HEAD' && r.path === '/v2/plugins/prefetch/manifests/0.1.0');
    expect(tagHeads.map((r) => r.layoutWritten)).toEqual([false, true]);
    // Nothing was written to the registry before the package existed.
    expect(seen.filter((r) => r.method !== 'HEAD' && r.method !== 'GET' && !r.layoutWritten)).toEqual([]);
  });
});
