import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseDocument } from 'yaml';
import { expectError } from '../__fixtures__/helpers.js';
import { renderPluginsProperties } from './properties.js';
import { renderWasmPlugin } from './wasmplugin.js';

const hex = 'c0ffee'.padEnd(64, '0');
const base = { name: 'consumer-auth', url: 'oci://registry.example.com/plugins/consumer-auth:1.2.0', manifestDigest: `sha256:${hex}` };

describe('renderWasmPlugin', () => {
  it('writes a Higress WasmPlugin whose sha256 is the manifest digest hex', () => {
    const text = renderWasmPlugin({
      ...base,
      phase: 'STATS',
      priority: 200,
      defaultConfig: { a: [1, 2], b: { c: 'd' } },
      imagePullSecret: 'regcred',
    });
    const doc = parseYaml(text);
    expect(doc).toEqual({
      apiVersion: 'extensions.higress.io/v1alpha1',
      kind: 'WasmPlugin',
      metadata: { name: 'consumer-auth', namespace: 'higress-system' },
      spec: {
        url: base.url,
        sha256: hex,
        imagePullPolicy: 'IfNotPresent',
        imagePullSecret: 'regcred',
        phase: 'STATS',
        priority: 200,
        failStrategy: 'FAIL_OPEN',
        defaultConfigDisable: false,
        defaultConfig: { a: [1, 2], b: { c: 'd' } },
      },
    });
    expect(doc.spec.sha256).toBe(base.manifestDigest.slice('sha256:'.length));
    expect(text).toContain('sha256 is the OCI MANIFEST digest');
    expect(text).toContain('NOT the sha256 of plugin.wasm');
  });

  it('pulls :latest always, fails closed for auth phases, and accepts a bare hex digest', () => {
    const doc = parseYaml(
      renderWasmPlugin({
        ...base,
        url: 'oci://r.example.com/p/x:latest',
        manifestDigest: hex.toUpperCase(),
        phase: 'AUTHN',
        namespace: 'gw',
      }),
    );
    expect(doc.metadata.namespace).toBe('gw');
    expect(doc.spec).toMatchObject({ imagePullPolicy: 'Always', failStrategy: 'FAIL_CLOSE', sha256: hex, priority: 0 });
    expect(doc.spec).not.toHaveProperty('defaultConfig');
  });

  it('adds a commented matchRules stub that stays a comment', () => {
    const text = renderWasmPlugin({ ...base, matchRules: true, defaultConfig: {} });
    expect(text).toMatch(/^ {2}# matchRules:$/m);
    expect(parseDocument(text).errors).toEqual([]);
    expect(parseYaml(text).spec).not.toHaveProperty('matchRules');
  });

  it('rejects inputs the gateway would reject', async () => {
    await expectError(() => renderWasmPlugin({ ...base, manifestDigest: 'sha256:abc' }), 'WASMPLUGIN_INVALID_INPUT');
    await expectError(() => renderWasmPlugin({ ...base, url: 'https://example.com/plugin.wasm' }), 'WASMPLUGIN_INVALID_INPUT');
    await expectError(
      () => renderWasmPlugin({ ...base, url: `oci://r.example.com/p/x@sha256:${'1'.repeat(64)}` }),
      'WASMPLUGIN_INVALID_INPUT',
    );
    await expectError(() => renderWasmPlugin({ ...base, priority: 1001 }), 'WASMPLUGIN_INVALID_INPUT');
    // The digest in the URL may pin the same manifest.
    const pinned = parseYaml(renderWasmPlugin({ ...base, url: `oci://r.example.com/p/x:1.0.0@sha256:${hex}` }));
    expect(pinned.spec.sha256).toBe(hex);
  });
});

describe('renderPluginsProperties', () => {
  it('writes the console line', () => {
    expect(renderPluginsProperties({ name: 'consumer-auth', url: base.url })).toBe(`consumer-auth=${base.url}`);
  });

  it('needs a plugin name and a tagged oci:// URL', async () => {
    await expectError(() => renderPluginsProperties({ name: 'Bad Name', url: base.url }), 'WASMPLUGIN_INVALID_INPUT');
    await expectError(() => renderPluginsProperties({ name: 'x', url: 'oci://r.example.com/plugins/x' }), 'WASMPLUGIN_INVALID_INPUT');
  });
});

describe('YAML 1.1 readers (kubectl)', () => {
  it('quotes strings that YAML 1.1 would read as booleans', async () => {
    const { renderWasmPlugin } = await import('./wasmplugin.js');
    const { parse } = await import('yaml');
    const text = renderWasmPlugin({
      name: 'p',
      url: 'oci://r/p:1.0.0',
      manifestDigest: `sha256:${'a'.repeat(64)}`,
      defaultConfig: { mode: 'on', other: 'no', n: 1 },
    });
    const asKubectl = parse(text, { version: '1.1' }) as { spec: { defaultConfig: Record<string, unknown> } };
    expect(asKubectl.spec.defaultConfig).toEqual({ mode: 'on', other: 'no', n: 1 });
  });
});
