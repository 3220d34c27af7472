import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TEST_CACHE_DIR, copyFixture, fixture } from '../__fixtures__/helpers.js';
import { renderWasmPlugin } from '../deploy/wasmplugin.js';
import { resolveFailStrategy } from './fail-strategy.js';
import { resolvePluginMetadata } from './plugin.js';

const base = { cacheDir: TEST_CACHE_DIR };
const digest = `sha256:${'ab'.repeat(32)}`;

describe('resolvePluginMetadata', () => {
  it('merges the annotations once: the spec and the metadata say AUTHN/320, and an auth plugin fails closed', async () => {
    const r = await resolvePluginMetadata({
      ...base,
      pluginDir: fixture('auth-plugin'),
      metadata: { name: 'auth-plugin', version: '1.0.0' },
    });
    expect(r.spec.origin).toBe('generated');
    expect(r.metadata).toMatchObject({ name: 'auth-plugin', category: 'auth', phase: 'AUTHN', priority: 320, failStrategy: 'FAIL_CLOSE' });
    expect(r.metadata.sources).toMatchObject({
      phase: 'annotation main.go:29',
      priority: 'annotation main.go:30',
      failStrategy: 'default for auth plugins: category auth',
    });
    // The spec layer's YAML is the same result.
    const layer = parseYaml(r.spec.yaml);
    expect(layer.spec).toMatchObject({ phase: r.metadata.phase, priority: r.metadata.priority });
    expect(r.metadata.defaultConfig).toEqual(layer.spec.configSchema.openAPIV3Schema.example);
    // And so is the WasmPlugin rendered from it.
    const wp = parseYaml(
      renderWasmPlugin({
        name: 'auth-plugin',
        url: 'oci://r.example.com/p/auth-plugin:1.0.0',
        manifestDigest: digest,
        metadata: r.metadata,
      }),
    );
    expect(wp.spec).toMatchObject({ phase: 'AUTHN', priority: 320, failStrategy: 'FAIL_CLOSE', defaultConfig: r.metadata.defaultConfig });
  });

  it('takes an explicit failStrategy from the config, saying where it came from', async () => {
    const r = await resolvePluginMetadata({
      ...base,
      pluginDir: fixture('auth-plugin'),
      failStrategy: { value: 'FAIL_OPEN', source: 'hplugin.config.yaml' },
    });
    expect(r.metadata).toMatchObject({ failStrategy: 'FAIL_OPEN', sources: { failStrategy: 'hplugin.config.yaml' } });
  });

  it('uses a committed spec.yaml as it is, and warns when the config contradicts it', async () => {
    const dir = await copyFixture('gjson-keys');
    await writeFile(
      join(dir, 'spec.yaml'),
      'apiVersion: 1.0.0\ninfo:\n  category: security\n  name: gjson-keys\n  version: 0.2.0\nspec:\n  phase: AUTHZ\n  priority: 40\n  configSchema:\n    openAPIV3Schema:\n      type: object\n',
    );
    const r = await resolvePluginMetadata({
      ...base,
      pluginDir: dir,
      specFile: 'spec.yaml',
      metadata: { phase: 'STATS', priority: 40 },
      metadataSources: { 'metadata.phase': 'hplugin.config.yaml', 'metadata.priority': 'hplugin.config.yaml' },
    });
    expect(r.spec.origin).toBe('file');
    expect(r.metadata).toMatchObject({
      phase: 'AUTHZ',
      priority: 40,
      category: 'security',
      failStrategy: 'FAIL_CLOSE',
      sources: { phase: 'spec.yaml' },
    });
    expect(r.warnings).toEqual([
      expect.objectContaining({
        code: 'SPEC_METADATA_CONFLICT',
        message: expect.stringContaining('spec.phase: spec.yaml says "AUTHZ", but metadata.phase in hplugin.config.yaml says "STATS"'),
      }),
    ]);
  });

  it('falls back to a minimal spec from the config when no config struct can be found', async () => {
    const r = await resolvePluginMetadata({
      ...base,
      pluginDir: fixture('no-config'),
      metadata: { name: 'no-config', version: '2.0.0', phase: 'STATS', priority: 7 },
      metadataSources: { 'metadata.phase': 'cfg', 'metadata.priority': 'cfg' },
    });
    expect(r.spec.origin).toBe('minimal');
    expect(r.metadata).toMatchObject({
      name: 'no-config',
      version: '2.0.0',
      phase: 'STATS',
      priority: 7,
      failStrategy: 'FAIL_OPEN',
      sources: { phase: 'cfg' },
    });
    expect(parseYaml(r.spec.yaml).spec.phase).toBe('STATS');
    expect(r.warnings.map((w) => w.code)).toEqual(['PACKAGE_SPEC_MINIMAL']);
  });
});

describe('failStrategy', () => {
  it('is FAIL_CLOSE for auth plugins by category or phase, FAIL_OPEN otherwise, unless configured', () => {
    expect(resolveFailStrategy('auth', 'UNSPECIFIED_PHASE').value).toBe('FAIL_CLOSE'); // jwt-auth's annotations
    expect(resolveFailStrategy('custom', 'AUTHZ').value).toBe('FAIL_CLOSE');
    expect(resolveFailStrategy('security', 'AUTHN').value).toBe('FAIL_CLOSE');
    expect(resolveFailStrategy('custom', 'STATS')).toEqual({ value: 'FAIL_OPEN', source: 'default' });
    expect(resolveFailStrategy('auth', 'AUTHN', { value: 'FAIL_OPEN', source: 'x.yaml' })).toEqual({
      value: 'FAIL_OPEN',
      source: 'x.yaml',
    });
  });

  it('renders FAIL_CLOSE for category auth even without an auth phase', () => {
    const wp = parseYaml(
      renderWasmPlugin({ name: 'jwt', url: 'oci://r.example.com/p/jwt:1.0.0', manifestDigest: digest, category: 'auth' }),
    );
    expect(wp.spec).toMatchObject({ phase: 'UNSPECIFIED_PHASE', failStrategy: 'FAIL_CLOSE' });
  });
});
