import { describe, expect, it } from 'vitest';
import { silentReporter } from '@hplugin/core';
import type { Context } from '../context.js';
import { connection, plainHttpFromScheme } from './connection.js';

const ctx = { cwd: '/work', reporter: silentReporter() } as Context;

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
    expect([plainHttpFromScheme('HTTPS://x'), plainHttpFromScheme('http://x/y'), plainHttpFromScheme('oci://x'), plainHttpFromScheme('x:5000')]).toEqual([false, true, undefined, undefined]);
  });
});
