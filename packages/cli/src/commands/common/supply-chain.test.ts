import { describe, expect, it } from 'vitest';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { requireKey, sbomExplicit, sbomFormat } from './supply-chain.js';

const withSbom = (sbom: ResolvedPluginConfig['package']['sbom']) => ({ package: { sbom } }) as ResolvedPluginConfig;

describe('supply-chain flags', () => {
  it('--sbom: a format wins, bare means the configured one (else spdx), none/--no-sbom turns it off', () => {
    expect(sbomFormat(undefined, withSbom('none'))).toBeUndefined();
    expect(sbomFormat(undefined, withSbom('cyclonedx'))).toBe('cyclonedx');
    expect(sbomFormat('', withSbom('none'))).toBe('spdx');
    expect(sbomFormat('', withSbom('cyclonedx'))).toBe('cyclonedx');
    expect(sbomFormat('spdx', withSbom('cyclonedx'))).toBe('spdx');
    expect(sbomFormat('none', withSbom('spdx'))).toBeUndefined();
    expect(sbomFormat(false, withSbom('spdx'))).toBeUndefined();
    expect(() => sbomFormat('swid', withSbom('none'))).toThrow(expect.objectContaining({ code: 'SBOM_FORMAT_UNKNOWN', exitCode: 2 }));
    expect([sbomExplicit(undefined), sbomExplicit(''), sbomExplicit('none'), sbomExplicit(false)]).toEqual([false, true, false, false]);
  });

  it('--sign/--verify need --key, and --key alone is refused', () => {
    expect(requireKey(true, 'k.pub', '--verify')).toBe('k.pub');
    expect(requireKey(undefined, undefined, '--verify')).toBeUndefined();
    expect(() => requireKey(true, undefined, '--sign')).toThrow(expect.objectContaining({ code: 'KEY_REQUIRED', exitCode: 2 }));
    expect(() => requireKey(undefined, 'k.key', '--sign')).toThrow(expect.objectContaining({ code: 'KEY_WITHOUT_ACTION', exitCode: 2 }));
  });
});
