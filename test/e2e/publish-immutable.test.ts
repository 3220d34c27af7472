/**
 * Version tags are immutable by convention: once 1.0.0 is in the registry, publishing different
 * content under it must be refused (exit 2) and leave the registry as it was, unless --force;
 * a moving tag such as `latest` follows the newest publish without --force.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';
import { registryDigest } from './support-registry.js';

let registry: RegistryHandle;
let fx: PluginFixture;

beforeAll(async () => {
  [registry, fx] = await Promise.all([startRegistry(), scaffoldPlugin('demo')]);
});

afterAll(async () => {
  await registry?.stop();
  await fx?.cleanup();
});

describe('immutable version tags', () => {
  it('refuses new content under 1.0.0 (exit 2, registry unchanged), moves latest freely, and replaces 1.0.0 only with --force', async () => {
    const dir = await fx.copy();
    await writeFile(join(dir, 'VERSION'), '1.0.0\n');
    const publish = (...args: string[]) =>
      hplugin(['publish', '--registry', registry.host, '--repository', 'immutable/demo', ...args], { cwd: dir, env: fx.env });
    const tagged = async () => ({
      version: await registryDigest(registry, 'immutable/demo:1.0.0'),
      latest: await registryDigest(registry, 'immutable/demo:latest'),
    });

    const first = expectOk(await publish('--tag', '1.0.0', '--tag', 'latest', '--json'), 'first publish').json();
    expect(await tagged()).toEqual({ version: first.digest, latest: first.digest });

    // A one-string change in the Go source: a new module, so a new manifest digest.
    const main = join(dir, 'main.go');
    const source = await readFile(main, 'utf8');
    expect(source).toContain('"demo.denied"');
    await writeFile(main, source.replace('"demo.denied"', '"demo.blocked"'));

    const refused = await publish('--tag', '1.0.0', '--tag', 'latest', '--json');
    expect(refused.code).toBe(2);
    const error = refused.json().error;
    expect(error.code).toBe('PUBLISH_TAG_IMMUTABLE');
    expect(error.hint).toContain('--force');
    expect(error.details.existing).toBe(first.digest);
    const changed = error.details.digest as string;
    expect(changed).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(changed).not.toBe(first.digest);
    // Refused before anything was written: neither tag moved.
    expect(await tagged()).toEqual({ version: first.digest, latest: first.digest });
    const text = await publish('--tag', '1.0.0');
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('error[PUBLISH_TAG_IMMUTABLE]');

    const latest = expectOk(await publish('--tag', 'latest', '--json'), 'publish latest').json();
    expect(latest.publish.tagStates).toEqual({ latest: 'moves' });
    expect(await tagged()).toEqual({ version: first.digest, latest: changed });

    const forced = expectOk(await publish('--tag', '1.0.0', '--force', '--json'), 'forced publish').json();
    expect(forced.digest).toBe(changed);
    expect(forced.publish.tagStates).toEqual({ '1.0.0': 'moves' });
    expect(await tagged()).toEqual({ version: changed, latest: changed });
  });
});
