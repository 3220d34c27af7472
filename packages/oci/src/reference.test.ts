import { describe, expect, it } from 'vitest';
import { isHpluginError } from '@hplugin/core';
import { apiHost, credentialKey, formatReference, parseReference } from './reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['localhost:5000/plugins/hello:1.0.0', { registry: 'localhost:5000', repository: 'plugins/hello', tag: '1.0.0' }],
    ['registry.example.com/team/app', { registry: 'registry.example.com', repository: 'team/app' }],
    [`127.0.0.1:5000/a/b@${D}`, { registry: '127.0.0.1:5000', repository: 'a/b', digest: D }],
    [`ghcr.io/org/x:v1@${D}`, { registry: 'ghcr.io', repository: 'org/x', tag: 'v1', digest: D }],
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.25', { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }],
    ['docker.io/user/repo:latest', { registry: 'docker.io', repository: 'user/repo', tag: 'latest' }],
    ['index.docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine' }],
    ['user/repo', { registry: 'docker.io', repository: 'user/repo' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['[::1]:5000/app:x', { registry: '[::1]:5000', repository: 'app', tag: 'x' }],
    ['r.io/a__b/c-d.e---f', { registry: 'r.io', repository: 'a__b/c-d.e---f' }],
    [`r.io/a:${'t'.repeat(128)}`, { registry: 'r.io', repository: 'a', tag: 't'.repeat(128) }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['r.io/Team/app', /uppercase/],
    [`r.io/a:${'t'.repeat(129)}`, /129 characters/],
    ['r.io/a:-bad', /tag "-bad"/],
    ['r.io/a@sha256:abc', /not a digest/],
    [`r.io/a@SHA256:${'A'.repeat(64)}`, /not a digest/],
    ['r.io/a//b', /not valid/],
    ['r.io/a_', /not valid/],
    ['r.io/', /repository name is missing/],
    ['https://r.io/a', /no URL scheme/],
    ['bad_host.io:99999x/a', /registry host|not valid/],
  ])('rejects %j', (input, why) => {
    let caught: unknown;
    try {
      parseReference(input);
    } catch (err) {
      caught = err;
    }
    expect(isHpluginError(caught)).toBe(true);
    const err = caught as { code: string; message: string; exitCode: number; hint?: string };
    expect(err.code).toBe('REF_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(why);
    expect(err.hint).toBeTruthy();
  });
});

describe('Docker Hub mapping', () => {
  it.each([
    ['docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/'],
    ['localhost:5000', 'localhost:5000', 'localhost:5000'],
    ['ghcr.io', 'ghcr.io', 'ghcr.io'],
  ])('%s → API %s, credentials %s', (registry, host, key) => {
    expect(apiHost(registry)).toBe(host);
    expect(credentialKey(registry)).toBe(key);
  });

  it('formats back to a canonical string', () => {
    expect(formatReference(parseReference('alpine:3'))).toBe('docker.io/library/alpine:3');
    expect(formatReference(parseReference(`r.io/a:v@${D}`))).toBe(`r.io/a:v@${D}`);
  });
});
