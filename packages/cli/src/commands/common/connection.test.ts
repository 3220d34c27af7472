import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createContext } from '../../context.js';
import { connection, credentialsFor, plainHttpFromScheme } from './connection.js';

const ctx = await createContext(
  { cwd: '/work', json: true },
  { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
);

describe('registry connection options', () => {
  it.each<[string, Parameters<typeof connection>[0], string | undefined, boolean | undefined]>([
    ['bare loopback host: the client default (http)', {}, '127.0.0.1:5000', undefined],
    ['--ca-file means https', { caFile: 'ca.pem' }, '127.0.0.1:5000', false],
    ['--insecure means https', { insecure: true }, 'localhost:5000', false],
    ['--cert-file means https', { certFile: 'c.pem', keyFile: 'k.pem' }, 'localhost:5000', false],
    ['https:// forces https', {}, 'https://127.0.0.1:5000', false],
    ['http:// forces http, even with --insecure', { insecure: true }, 'http://127.0.0.1:5000', true],
    ['--plain-http wins over the TLS flags', { plainHttp: true, caFile: 'ca.pem' }, '127.0.0.1:5000', true],
    ['--plain-http=false wins over http://', { plainHttp: false }, 'http://127.0.0.1:5000', false],
  ])('%s', (_name, args, registry, plainHttp) => {
    expect(connection(args, ctx, undefined, registry).plainHttp).toBe(plainHttp);
  });

  it('resolves file flags against the working folder', () => {
    expect(connection({ caFile: 'ca.pem' }, ctx)).toMatchObject({ caFile: '/work/ca.pem', plainHttp: false });
  });

  it('reads only http and https schemes', () => {
    expect([
      plainHttpFromScheme('HTTPS://x'),
      plainHttpFromScheme('http://x/y'),
      plainHttpFromScheme('oci://x'),
      plainHttpFromScheme('x:5000'),
    ]).toEqual([false, true, undefined, undefined]);
  });

  it('--timeout is in seconds; zero or negative is a usage error', () => {
    expect(connection({ timeout: 2.5 }, ctx).timeoutMs).toBe(2500);
    expect(() => connection({ timeout: 0 }, ctx)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('HPLUGIN_REGISTRY_USERNAME/PASSWORD are bound to the target host', () => {
  const env = { HPLUGIN_REGISTRY_USERNAME: 'ci', HPLUGIN_REGISTRY_PASSWORD: 'ci-password', DOCKER_CONFIG: '/nonexistent-hplugin-test' };

  it('answers for the publish target, under any spelling of it', async () => {
    expect(await credentialsFor(env, 'https://r.io:5000/team/plugins')('r.io:5000')).toEqual({ username: 'ci', password: 'ci-password' });
  });

  it('answers nothing for another host that asks', async () => {
    expect(await credentialsFor(env, 'r.io:5000')('evil.example')).toBeUndefined();
  });

  it('answers nothing without a target, or when HPLUGIN_REGISTRY names another host', async () => {
    expect(await credentialsFor(env, undefined)('r.io:5000')).toBeUndefined();
    expect(await credentialsFor({ ...env, HPLUGIN_REGISTRY: 'ghcr.io/acme' }, 'r.io:5000')('r.io:5000')).toBeUndefined();
    expect(await credentialsFor({ ...env, HPLUGIN_REGISTRY: 'r.io:5000' }, 'r.io:5000')('r.io:5000')).toBeDefined();
  });
});
