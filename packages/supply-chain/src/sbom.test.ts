import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import type { GoBuildInfo } from './buildinfo.js';
import { createSbom, goPurl, parseGoSum, type SbomInput } from './sbom.js';

const buildInfo: GoBuildInfo = {
  goVersion: 'go1.26.8',
  path: 'example.com/plugins/demo',
  main: { path: 'example.com/plugins/demo', version: '(devel)' },
  deps: [
    { path: 'github.com/higress-group/wasm-go', version: 'v1.0.1', sum: 'h1:T1m=' },
    { path: 'github.com/tidwall/gjson', version: 'v1.18.0' },
    { path: 'github.com/old/lib', version: 'v1.0.0', replace: { path: 'github.com/fork/lib', version: 'v1.0.1', sum: 'h1:fork=' } },
  ],
  settings: [{ key: 'GOOS', value: 'wasip1' }],
};

const GO_SUM = [
  'github.com/higress-group/wasm-go v1.0.1 h1:T1m=',
  'github.com/higress-group/wasm-go v1.0.1/go.mod h1:gomod=',
  'github.com/tidwall/gjson v1.18.0 h1:gjson=',
  'github.com/unused/module v0.1.0 h1:unused=',
  '',
].join('\n');

const input: SbomInput = {
  name: 'demo',
  version: '0.1.0',
  wasmSha256: 'ab'.repeat(32),
  buildInfo,
  goSum: GO_SUM,
  createdSeconds: 1_700_000_000,
  toolVersion: '0.1.0',
};

describe('SBOMs', () => {
  it('SPDX 2.3: the plugin, stdlib and the linked modules (replacements resolved), go.sum filling the missing hash', () => {
    const sbom = createSbom('spdx', input);
    expect(sbom).toMatchObject({ format: 'spdx', mediaType: 'application/spdx+json', fileName: 'sbom.spdx.json', components: 5 });
    const doc = JSON.parse(sbom.bytes.toString());
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      creationInfo: { created: '2023-11-14T22:13:20Z' },
    });
    expect(doc.packages.map((p: { name: string; versionInfo: string }) => `${p.name}@${p.versionInfo}`)).toEqual([
      'demo@0.1.0',
      'stdlib@go1.26.8',
      'github.com/higress-group/wasm-go@v1.0.1',
      'github.com/tidwall/gjson@v1.18.0',
      'github.com/fork/lib@v1.0.1',
    ]);
    expect(doc.packages[0].checksums).toEqual([{ algorithm: 'SHA256', checksumValue: 'ab'.repeat(32) }]);
    expect(doc.packages[3].comment).toBe('go.sum h1:gjson=');
    // A module go.sum names but the build did not link is not claimed.
    expect(sbom.bytes.toString()).not.toContain('github.com/unused/module');
    expect(doc.relationships).toHaveLength(5);
    expect(new Set(doc.packages.map((p: { SPDXID: string }) => p.SPDXID)).size).toBe(5);
  });

  it('CycloneDX 1.5 with purls, the module hash and the build settings as properties', () => {
    const doc = JSON.parse(createSbom('cyclonedx', input).bytes.toString());
    expect(doc).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, metadata: { timestamp: '2023-11-14T22:13:20Z' } });
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc.metadata.component.hashes).toEqual([{ alg: 'SHA-256', content: 'ab'.repeat(32) }]);
    expect(doc.metadata.component.properties).toContainEqual({ name: 'go:build:GOOS', value: 'wasip1' });
    expect(doc.components.map((c: { purl: string }) => c.purl)).toEqual([
      'pkg:golang/stdlib@go1.26.8',
      'pkg:golang/github.com/higress-group/wasm-go@v1.0.1',
      'pkg:golang/github.com/tidwall/gjson@v1.18.0',
      'pkg:golang/github.com/fork/lib@v1.0.1',
    ]);
    expect(doc.dependencies[0].dependsOn).toHaveLength(4);
  });

  it("CycloneDX output passes the official CycloneDX 1.5 JSON schema (strict), as OWASP's library checks it", async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot5);
    expect(await validator.validate(createSbom('cyclonedx', input).bytes.toString())).toBeNull();
    const { goVersion: _none, ...withoutGo } = buildInfo;
    expect(await validator.validate(createSbom('cyclonedx', { ...input, buildInfo: withoutGo }).bytes.toString())).toBeNull();
  });

  it('is the same bytes every time (no clock, no random ids)', () => {
    for (const format of ['spdx', 'cyclonedx'] as const)
      expect(createSbom(format, input).bytes.equals(createSbom(format, { ...input }).bytes)).toBe(true);
  });

  it('refuses a module whose recorded hash disagrees with go.sum', () => {
    expect(() => createSbom('spdx', { ...input, goSum: 'github.com/higress-group/wasm-go v1.0.1 h1:other=\n' })).toThrow(
      expect.objectContaining({ code: 'SBOM_GOSUM_MISMATCH' }),
    );
  });

  it('parses go.sum and writes purls', () => {
    expect([...parseGoSum(GO_SUM).keys()]).toEqual([
      'github.com/higress-group/wasm-go@v1.0.1',
      'github.com/tidwall/gjson@v1.18.0',
      'github.com/unused/module@v0.1.0',
    ]);
    expect(goPurl('example.com/x', '(devel)')).toBe('pkg:golang/example.com/x');
    expect(goPurl('github.com/a/b', 'v0.0.0-2025+incompatible')).toBe('pkg:golang/github.com/a/b@v0.0.0-2025%2Bincompatible');
  });
});
