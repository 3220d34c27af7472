import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  DOCKER_HUB,
  METADATA_DEFAULTS,
  OUTPUT_DEFAULTS,
  PACKAGE_FORMATS,
  PHASES,
  SBOM_CHOICES,
  explicitScheme,
  isOneOf,
  isRegistryHost,
  isPluginName,
  isRepository,
  isSemver,
  isTag,
  namesRegistryHost,
  normalizeRegistry,
  registryHost,
} from './index.js';

describe('semver', () => {
  it.each(['0.1.0', '1.0.0', '1.0.0-rc.1', '1.0.0-alpha-beta.0.x', '1.0.0+build.7', '10.20.30-0A.is.legal'])('accepts %s', (v) => {
    expect(isSemver(v)).toBe(true);
  });
  // 1.0.0-rc..1 (an empty pre-release part) and 01 (a leading zero) are the drift `new` used to let through.
  it.each(['1.0', '01.0.0', '1.0.0-rc..1', '1.0.0-01', '1.0.0-', '1.0.0+', 'v1.0.0', '1.0.0 '])('refuses %j', (v) => {
    expect(isSemver(v)).toBe(false);
  });
});

describe('names, tags and repositories', () => {
  it('plugin names are kebab-case of at most 63 characters', () => {
    expect(isPluginName('key-auth')).toBe(true);
    expect(isPluginName('Key_Auth')).toBe(false);
    expect(isPluginName('a'.repeat(63))).toBe(true);
    expect(isPluginName('a'.repeat(64))).toBe(false);
  });

  it('tags follow the distribution grammar: no "+", no leading "." or "-", at most 128', () => {
    expect(isTag('1.0.0-rc.1')).toBe(true);
    expect(isTag('_x')).toBe(true);
    expect(isTag('1.0.0+build')).toBe(false);
    expect(isTag('.hidden')).toBe(false);
    expect(isTag('a'.repeat(128))).toBe(true);
    expect(isTag('a'.repeat(129))).toBe(false);
  });

  it('repositories are lowercase components with single separators', () => {
    expect(isRepository('plugins/key-auth')).toBe(true);
    expect(isRepository('a__b/c.d')).toBe(true);
    expect(isRepository('Plugins/x')).toBe(false);
    expect(isRepository('a//b')).toBe(false);
    expect(isRepository('-a')).toBe(false);
  });
});

describe('registry hosts', () => {
  it('drops a pasted scheme and path, lowercases, and folds the Docker Hub aliases', () => {
    expect(registryHost('https://Registry.Example.com:5000/v2/')).toBe('registry.example.com:5000');
    expect(normalizeRegistry('https://index.docker.io/v1/')).toBe(DOCKER_HUB);
    expect(normalizeRegistry('registry-1.docker.io')).toBe(DOCKER_HUB);
    expect(normalizeRegistry('localhost:5000')).toBe('localhost:5000');
  });

  it('knows a host[:port] and an explicit http(s) scheme', () => {
    for (const host of ['localhost', 'localhost:5000', 'ghcr.io', 'Registry.Example.com', '[::1]:5000', '127.0.0.1:5000'])
      expect(isRegistryHost(host)).toBe(true);
    for (const host of ['', '-a.io', 'a_b.io', 'a.io/ns', 'a.io:123456', 'https://a.io']) expect(isRegistryHost(host)).toBe(false);
    expect(explicitScheme('HTTPS://ghcr.io/org')).toBe('https');
    expect(explicitScheme('http://localhost:5000')).toBe('http');
    expect(explicitScheme('ftp://x')).toBeUndefined();
    expect(explicitScheme('ghcr.io')).toBeUndefined();
  });

  it("a reference's first component names a registry by Docker's rule: a dot, a port, localhost or [ipv6]", () => {
    for (const first of ['ghcr.io', 'localhost', 'r:5000', '[::1]:5000']) expect(namesRegistryHost(first)).toBe(true);
    for (const first of ['library', 'dist', 'team-a', '']) expect(namesRegistryHost(first)).toBe(false);
  });
});

describe('vocabulary and defaults', () => {
  it('defaults are members of their lists', () => {
    expect(isOneOf(CATEGORIES, METADATA_DEFAULTS.category)).toBe(true);
    expect(isOneOf(PHASES, METADATA_DEFAULTS.phase)).toBe(true);
    expect(isOneOf(PACKAGE_FORMATS, 'higress')).toBe(true);
    expect(isOneOf(SBOM_CHOICES, 'none')).toBe(true);
    expect(isOneOf(PACKAGE_FORMATS, 'docker')).toBe(false);
    expect(isOneOf(PACKAGE_FORMATS, 7)).toBe(false);
    expect(OUTPUT_DEFAULTS).toEqual({ wasm: 'dist/plugin.wasm', oci: 'dist/oci' });
  });
});
