import { describe, expect, it } from 'vitest';
import { redact, redactValue, registerSecret } from './secrets.js';

describe('redact', () => {
  const secret = 'q"u\\ote/d pw+1';
  registerSecret(secret);

  it.each([
    ['raw', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(secret)],
  ])('masks the %s form of a registered secret', (_name, form) => {
    expect(redact(`the registry said: ${form}.`)).toBe('the registry said: ***.');
  });

  it('masks any Basic or Bearer value, registered or not, and keeps prose about them', () => {
    expect(redact('Authorization: Basic dXNlcjpwYXNzd29yZA== and Bearer eyJhbGciOi.eyJzdWIi.sig-1')).toBe(
      'Authorization: Basic *** and Bearer ***',
    );
    expect(redact('the registry asked for Basic credentials at a Bearer realm')).toBe(
      'the registry asked for Basic credentials at a Bearer realm',
    );
  });

  it('masks inside JSON documents, where the secret appears escaped', () => {
    expect(redactValue({ error: { message: `echo ${secret}` } })).toEqual({ error: { message: 'echo ***' } });
  });
});
