import { describe, expect, it } from 'vitest';
import { checkRepositoryOverride, parsePublishTarget, repositoryFor, type RepositoryConfig } from './publish-target.js';

/** Only the keys repositoryFor reads. */
function cfg(name: string, repository?: string): RepositoryConfig {
  return {
    name,
    publish: { repository: repository ?? `plugins/${name}` },
    sources: { 'publish.repository': repository ? '/ws/plugins/x/hplugin.config.yaml' : 'default (plugins/<name>)' },
  };
}

describe('parsePublishTarget', () => {
  it('splits host, namespace and scheme', () => {
    expect(parsePublishTarget('ghcr.io', '--registry')).toEqual({ host: 'ghcr.io', input: 'ghcr.io' });
    expect(parsePublishTarget('host:5000/my-org/plugins/', '--registry')).toMatchObject({ host: 'host:5000', namespace: 'my-org/plugins' });
    expect(parsePublishTarget('http://127.0.0.1:5000/ns', 'HPLUGIN_REGISTRY')).toMatchObject({
      host: '127.0.0.1:5000',
      namespace: 'ns',
      plainHttp: true,
    });
    expect(parsePublishTarget('https://[::1]:5000', 'publish.registry')).toMatchObject({ host: '[::1]:5000', plainHttp: false });
  });

  it('rejects what is not a host or not a repository path, naming where it came from', () => {
    expect(() => parsePublishTarget('https://', '--registry')).toThrow(/--registry "https:\/\/" does not start with a registry host/);
    expect(() => parsePublishTarget('ghcr.io/My_Org', 'publish.registry')).toThrow(/namespace "My_Org" is not a valid OCI repository path/);
  });
});

describe('repositoryFor', () => {
  const ns = parsePublishTarget('host:5000/my-org/plugins', '--registry');
  const bare = parsePublishTarget('host:5000', '--registry');

  it('puts each plugin under the namespace of --registry', () => {
    expect(repositoryFor(cfg('key-auth'), { target: ns }).repository).toBe('my-org/plugins/key-auth');
    expect(repositoryFor(cfg('cors'), { target: ns }).repository).toBe('my-org/plugins/cors');
  });

  it('lets --repository override the whole path, with {name} per plugin', () => {
    expect(repositoryFor(cfg('cors'), { target: ns, repository: 'other/{name}' })).toEqual({
      repository: 'other/cors',
      from: '--repository',
    });
    expect(repositoryFor(cfg('cors'), { target: ns, repository: 'exact/path' }).repository).toBe('exact/path');
  });

  it('uses the explicit publish.repository, then the config registry namespace, then plugins/<name>', () => {
    expect(repositoryFor(cfg('cors', 'team/cors-plugin'), { target: bare }).repository).toBe('team/cors-plugin');
    expect(repositoryFor(cfg('cors'), {}, parsePublishTarget('ghcr.io/team', 'publish.registry')).repository).toBe('team/cors');
    expect(repositoryFor(cfg('cors'), { target: bare }).repository).toBe('plugins/cors');
  });
});

describe('checkRepositoryOverride', () => {
  it('refuses one repository for several plugins unless it names each one', () => {
    expect(() => checkRepositoryOverride('one/repo', true)).toThrow(expect.objectContaining({ code: 'PUBLISH_REPOSITORY_SHARED' }));
    expect(() => checkRepositoryOverride('org/{name}', true)).not.toThrow();
    expect(() => checkRepositoryOverride('one/repo', false)).not.toThrow();
    expect(() => checkRepositoryOverride('Bad Repo', false)).toThrow(expect.objectContaining({ code: 'REF_INVALID' }));
  });
});
