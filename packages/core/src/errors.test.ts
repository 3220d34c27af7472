import { describe, expect, it } from 'vitest';
import { HpluginError, UsageError, isHpluginError, toHpluginError } from '@hplugin/core';

describe('errors', () => {
  it('carries a permanent code, a hint and an exit code', () => {
    const err = new UsageError('CONFIG_INVALID', 'bad', { hint: 'fix it' });
    expect(err.exitCode).toBe(2);
    expect(err.toJSON()).toEqual({ code: 'CONFIG_INVALID', message: 'bad', hint: 'fix it' });
    expect(isHpluginError(err)).toBe(true);
  });

  it('turns system errors into readable ones and everything else into INTERNAL', () => {
    const enoent = Object.assign(new Error('x'), { code: 'ENOENT', path: '/nope' });
    expect(toHpluginError(enoent).code).toBe('FS_NOT_FOUND');
    expect(toHpluginError(new TypeError('boom')).code).toBe('INTERNAL');
    const own = new HpluginError('X', 'y');
    expect(toHpluginError(own)).toBe(own);
  });

  it('re-spells a hint that names library options, keeping the library words for what the caller does not spell', () => {
    const err = new HpluginError('X', 'failed', {
      hintTemplate: (spell) => `Pass ${spell('caFile')} or ${spell('insecure')}; then ${spell('login', 'r.io')}.`,
      librarySpelling: { caFile: 'caFile', insecure: 'insecure: true', login: (host) => `store credentials for ${host}` },
    });
    expect(err.hint).toBe('Pass caFile or insecure: true; then store credentials for r.io.');
    expect(err.hintFor({ caFile: '--ca-file <ca.pem>', login: (host) => `hplugin login ${host}` })).toBe('Pass --ca-file <ca.pem> or insecure: true; then hplugin login r.io.');
    // JSON.stringify calls toJSON with a key: the stored (library) hint is what it writes.
    expect(JSON.parse(JSON.stringify({ error: err })).error.hint).toBe(err.hint);
    expect(new HpluginError('Y', 'plain', { hint: 'as given' }).hintFor({ caFile: '--ca-file' })).toBe('as given');
  });
});
