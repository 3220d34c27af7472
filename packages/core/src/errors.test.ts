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
});
