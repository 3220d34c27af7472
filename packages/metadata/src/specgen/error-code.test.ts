import { describe, expect, it } from 'vitest';
import { specgenErrorCode } from './error-code.js';

describe('specgenErrorCode', () => {
  it('keeps a catalogued code of the Go generator', () => {
    expect(specgenErrorCode('SPEC_GO_PARSE')).toEqual({ code: 'SPEC_GO_PARSE' });
  });

  it('turns an uncatalogued code into SPEC_GENERATOR_FAILED and keeps the original for the details', () => {
    expect(specgenErrorCode('SPEC_SOMETHING_NEW')).toEqual({ code: 'SPEC_GENERATOR_FAILED', uncatalogued: 'SPEC_SOMETHING_NEW' });
  });
});
