/**
 * RS256 JSON Web Tokens in the shape distribution's `auth.token` mode verifies.
 *
 * API:
 *   signRegistryToken(signer, claims): string
 *   decodeJwt(token): { header, claims }     (for tests; no verification: the registry verifies)
 *
 * Why not a JWT library: the harness is not a workspace package and has no dependencies of its own;
 * a compact JWS is two base64url JSON segments and one node:crypto RSA-SHA256 signature, and the
 * real registry verifying every token we issue is the test that this is right.
 */
import { randomBytes, sign } from 'node:crypto';
import type { TokenSigner } from './pki.js';

export interface RegistryAccess {
  type: string;
  name: string;
  actions: string[];
}

export interface RegistryClaims {
  iss: string;
  sub: string;
  /** distribution 2.8 reads `aud` as a single string (3.x also takes a list). */
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: RegistryAccess[];
}

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signRegistryToken(signer: TokenSigner, claims: Omit<RegistryClaims, 'jti'>): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [signer.x5c] };
  const input = `${segment(header)}.${segment({ ...claims, jti: randomBytes(12).toString('hex') })}`;
  return `${input}.${sign('sha256', Buffer.from(input), signer.privateKey).toString('base64url')}`;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; claims: RegistryClaims } {
  const [header, claims] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown);
  return { header: header as Record<string, unknown>, claims: claims as RegistryClaims };
}
