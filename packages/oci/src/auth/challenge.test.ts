import { describe, expect, it } from 'vitest';
import { parseChallenges, pickChallenge } from './challenge.js';
import { mergeScopes, repositoryScope } from './scope.js';

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    ['basic', [{ scheme: 'basic', params: {} }]],
    [
      'Bearer realm=https://a/t, service=svc,scope="repository:localhost:5000/a/b:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://a/t', service: 'svc', scope: 'repository:localhost:5000/a/b:pull' } }],
    ],
    ['Bearer realm="a\\"b"', [{ scheme: 'bearer', params: { realm: 'a"b' } }]],
    [
      'Basic realm="x", Bearer realm="https://t",service="s"',
      [
        { scheme: 'basic', params: { realm: 'x' } },
        { scheme: 'bearer', params: { realm: 'https://t', service: 's' } },
      ],
    ],
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  it('prefers Bearer over Basic across header values', () => {
    expect(pickChallenge(['Basic realm="x"', 'Bearer realm="https://t"'])?.scheme).toBe('bearer');
    expect(pickChallenge('Basic realm="x"')?.scheme).toBe('basic');
    expect(pickChallenge(undefined)).toBeUndefined();
    expect(pickChallenge('Bearer service="no realm"')).toBeUndefined();
  });
});

describe('mergeScopes', () => {
  it.each([
    [[['repository:a:pull'], ['repository:a:push']], ['repository:a:pull,push']],
    [[['repository:localhost:5000/a:pull'], ['repository:localhost:5000/a:push,pull']], ['repository:localhost:5000/a:pull,push']],
    [[['repository:b:pull', 'repository:a:pull,push']], ['repository:a:pull,push', 'repository:b:pull']],
    [[['repository:a:pull repository:b:pull']], ['repository:a:pull', 'repository:b:pull']],
    [[['registry:catalog:*']], ['registry:catalog:*']],
    [[[]], []],
  ])('%j → %j', (lists, expected) => {
    expect(mergeScopes(...lists)).toEqual(expected);
  });

  it('builds repository scopes', () => {
    expect(repositoryScope('team/app', ['pull', 'push'])).toBe('repository:team/app:pull,push');
  });
});
