/**
 * An SBOM of a plugin module: the main module, the Go standard library of the toolchain that built
 * it, and every dependency module linked in, exactly as the build recorded them in the module (see
 * buildinfo.ts), with the go.sum hashes. Only what was linked is listed: go.sum also names modules
 * that were merely considered, which an SBOM must not claim.
 *
 * The output is a pure function of its inputs (no clock, no random ids), so packaging twice gives
 * the same bytes and the same referrer digest.
 */
import { createHash } from 'node:crypto';
import { HpluginError } from '@hplugin/core';
import { SBOM_FORMATS, type SbomFormat } from '@hplugin/rules';
import type { GoBuildInfo, GoModule } from './buildinfo.js';

export { SBOM_FORMATS, type SbomFormat };

/** The media types the documents are pushed as; also each referrer's artifactType. */
export const SBOM_MEDIA_TYPE: Record<SbomFormat, string> = {
  spdx: 'application/spdx+json',
  cyclonedx: 'application/vnd.cyclonedx+json',
};

export const SBOM_FILE_NAME: Record<SbomFormat, string> = {
  spdx: 'sbom.spdx.json',
  cyclonedx: 'sbom.cdx.json',
};

export interface SbomInput {
  name: string;
  version: string;
  /** The module bytes' sha256, hex. */
  wasmSha256: string;
  buildInfo: GoBuildInfo;
  /** go.sum's text; its hashes fill in what the build info lacks, and must agree with it. */
  goSum?: string;
  /** Seconds since the epoch (SOURCE_DATE_EPOCH); 0 when unset. */
  createdSeconds?: number;
  /** The hplugin version written as the creating tool. */
  toolVersion: string;
}

export interface Sbom {
  format: SbomFormat;
  mediaType: string;
  fileName: string;
  bytes: Buffer;
  /** What it lists, for the CLI's summary. */
  components: number;
}

/** go.sum: "path version h1:hash" and "path version/go.mod h1:hash" lines; the latter are skipped. */
export function parseGoSum(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (!path || !version || !hash || version.endsWith('/go.mod')) continue;
    sums.set(`${path}@${version}`, hash);
  }
  return sums;
}

/** The module that really was linked: a replacement wins over what it replaced. */
function effective(m: GoModule): GoModule {
  return m.replace && m.replace.version ? m.replace : m;
}

function withSums(deps: GoModule[], goSum: string | undefined): Array<GoModule & { sum?: string }> {
  const sums = goSum ? parseGoSum(goSum) : new Map<string, string>();
  return deps.map((dep) => {
    const m = effective(dep);
    const fromGoSum = sums.get(`${m.path}@${m.version}`);
    if (m.sum && fromGoSum && m.sum !== fromGoSum) {
      throw new HpluginError(
        'SBOM_GOSUM_MISMATCH',
        `The module was built with ${m.path}@${m.version} ${m.sum}, but go.sum says ${fromGoSum}: it was not built from this source.`,
        {
          hint: 'Build again (`hplugin build`) so the module and go.sum agree, then package.',
          details: { module: `${m.path}@${m.version}`, built: m.sum, goSum: fromGoSum },
        },
      );
    }
    const sum = m.sum ?? fromGoSum;
    return { path: m.path, version: m.version, ...(sum ? { sum } : {}) };
  });
}

export function goPurl(path: string, version: string): string {
  // purl-spec golang type: namespace segments and name are percent-encoded, the version too.
  const enc = (s: string) => encodeURIComponent(s).replace(/%2F/g, '/');
  return `pkg:golang/${enc(path)}${version && version !== '(devel)' ? `@${enc(version)}` : ''}`;
}

function isoTime(seconds: number | undefined): string {
  return new Date((seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A stable id derived from the content, where the formats want a unique one. */
function contentId(input: SbomInput): string {
  return createHash('sha256').update(`${input.name}\0${input.version}\0${input.wasmSha256}`).digest('hex');
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function spdxId(s: string): string {
  return `SPDXRef-${s.replace(/[^A-Za-z0-9.-]/g, '-')}`;
}

function spdx(input: SbomInput, deps: Array<GoModule & { sum?: string }>): Record<string, unknown> {
  const bi = input.buildInfo;
  const mainId = 'SPDXRef-Package-plugin';
  const packages: Array<Record<string, unknown>> = [
    {
      name: input.name,
      SPDXID: mainId,
      versionInfo: input.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'APPLICATION',
      checksums: [{ algorithm: 'SHA256', checksumValue: input.wasmSha256 }],
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: goPurl(bi.main.path, bi.main.version) },
      ],
      comment: `Go module ${bi.main.path}, built with ${bi.goVersion ?? 'an unknown Go version'}; build settings: ${bi.settings.map((s) => `${s.key}=${s.value}`).join(' ')}`,
    },
  ];
  const libraries = [...(bi.goVersion ? [{ path: 'stdlib', version: bi.goVersion }] : []), ...deps] as Array<GoModule & { sum?: string }>;
  for (const m of libraries) {
    packages.push({
      name: m.path,
      SPDXID: spdxId(`Package-${m.path}-${m.version}`),
      versionInfo: m.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'LIBRARY',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: goPurl(m.path, m.version) }],
      // h1: is Go's dirhash (a hash of a file list), not a plain SHA256 of an archive: SPDX has no
      // algorithm for it, so it is recorded as a comment rather than a checksum.
      ...(m.sum ? { comment: `go.sum ${m.sum}` } : {}),
    });
  }
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${input.name}-${input.version}`,
    documentNamespace: `https://hplugin.dev/spdx/${encodeURIComponent(input.name)}/${encodeURIComponent(input.version)}/${contentId(input)}`,
    creationInfo: { created: isoTime(input.createdSeconds), creators: [`Tool: hplugin-${input.toolVersion}`] },
    packages,
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: mainId },
      ...packages.slice(1).map((p) => ({ spdxElementId: mainId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: p.SPDXID })),
    ],
  };
}

function cyclonedx(input: SbomInput, deps: Array<GoModule & { sum?: string }>): Record<string, unknown> {
  const bi = input.buildInfo;
  const mainRef = goPurl(bi.main.path, bi.main.version);
  const libraries = [...(bi.goVersion ? [{ path: 'stdlib', version: bi.goVersion }] : []), ...deps] as Array<GoModule & { sum?: string }>;
  const components = libraries.map((m) => ({
    type: 'library',
    'bom-ref': goPurl(m.path, m.version),
    name: m.path,
    version: m.version,
    purl: goPurl(m.path, m.version),
    ...(m.sum ? { properties: [{ name: 'go:sum', value: m.sum }] } : {}),
  }));
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${uuidFrom(contentId(input))}`,
    version: 1,
    metadata: {
      timestamp: isoTime(input.createdSeconds),
      tools: { components: [{ type: 'application', name: 'hplugin', version: input.toolVersion }] },
      component: {
        type: 'application',
        'bom-ref': mainRef,
        name: input.name,
        version: input.version,
        purl: mainRef,
        hashes: [{ alg: 'SHA-256', content: input.wasmSha256 }],
        properties: [
          ...(bi.goVersion ? [{ name: 'go:version', value: bi.goVersion }] : []),
          { name: 'go:module', value: bi.main.path },
          ...bi.settings.map((s) => ({ name: `go:build:${s.key}`, value: s.value })),
        ],
      },
    },
    components,
    dependencies: [
      { ref: mainRef, dependsOn: components.map((c) => c['bom-ref']) },
      ...components.map((c) => ({ ref: c['bom-ref'], dependsOn: [] })),
    ],
  };
}

export function createSbom(format: SbomFormat, input: SbomInput): Sbom {
  const deps = withSums(input.buildInfo.deps, input.goSum);
  const doc = format === 'spdx' ? spdx(input, deps) : cyclonedx(input, deps);
  return {
    format,
    mediaType: SBOM_MEDIA_TYPE[format],
    fileName: SBOM_FILE_NAME[format],
    bytes: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`),
    components: deps.length + (input.buildInfo.goVersion ? 1 : 0) + 1,
  };
}
