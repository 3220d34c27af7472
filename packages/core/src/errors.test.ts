import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, HpluginError, UsageError, cancelledError, isHpluginError, toHpluginError } from '@hplugin/core';

describe('errors', () => {
  it('carries a permanent code, a hint, the exit code of its catalogue entry and its docs anchor', () => {
    const err = new UsageError('CONFIG_INVALID', 'bad', { hint: 'fix it' });
    expect(err.exitCode).toBe(2);
    expect(err.toJSON()).toEqual({ code: 'CONFIG_INVALID', message: 'bad', hint: 'fix it', docs: 'docs/error-codes.md#config_invalid' });
    expect(isHpluginError(err)).toBe(true);
  });

  it('takes its exit code from the catalogue, whichever class throws it', () => {
    expect(new HpluginError('SCAFFOLD_TEMPLATE_INVALID', 'bad template').exitCode).toBe(2);
    expect(new HpluginError('BUILD_FAILED', 'no').exitCode).toBe(1);
    expect(cancelledError().exitCode).toBe(130);
    // @ts-expect-error BUILD_FAILED is exit class 1, so a UsageError cannot carry it.
    expect(() => new UsageError('BUILD_FAILED', 'x')).not.toThrow();
  });

  it('uses the catalogue hint when the throw site gives none', () => {
    const err = new HpluginError('FS_NO_SPACE', 'full');
    expect(err.hint).toBe(ERROR_CATALOGUE.FS_NO_SPACE.hint);
    expect(err.hintFor({})).toBe(ERROR_CATALOGUE.FS_NO_SPACE.hint);
    expect(new HpluginError('FS_NO_SPACE', 'full', { hint: 'own' }).hint).toBe('own');
  });

  it('turns system errors into readable ones and everything else into INTERNAL', () => {
    const enoent = Object.assign(new Error('x'), { code: 'ENOENT', path: '/nope' });
    expect(toHpluginError(enoent).code).toBe('FS_NOT_FOUND');
    expect(toHpluginError(new TypeError('boom')).code).toBe('INTERNAL');
    const own = new HpluginError('BUILD_FAILED', 'y');
    expect(toHpluginError(own)).toBe(own);
  });

  it('re-spells a hint that names library options, keeping the library words for what the caller does not spell', () => {
    const err = new HpluginError('REGISTRY_TLS', 'failed', {
      hintTemplate: (spell) => `Pass ${spell('caFile')} or ${spell('insecure')}; then ${spell('login', 'r.io')}.`,
      librarySpelling: { caFile: 'caFile', insecure: 'insecure: true', login: (host) => `store credentials for ${host}` },
    });
    expect(err.hint).toBe('Pass caFile or insecure: true; then store credentials for r.io.');
    expect(err.hintFor({ caFile: '--ca-file <ca.pem>', login: (host) => `hplugin login ${host}` })).toBe(
      'Pass --ca-file <ca.pem> or insecure: true; then hplugin login r.io.',
    );
    // JSON.stringify calls toJSON with a key: the stored (library) hint is what it writes.
    expect(JSON.parse(JSON.stringify({ error: err })).error.hint).toBe(err.hint);
    expect(new HpluginError('REGISTRY_TLS', 'plain', { hint: 'as given' }).hintFor({ caFile: '--ca-file' })).toBe('as given');
  });
});
