/** What a credential store can hand to the auth layer for one registry. */
export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`, a helper's `<token>` user). */
  identityToken?: string;
  /** A bearer token sent as it is (docker's `registrytoken`). */
  registryToken?: string;
}

/** Looks up the credential for a registry name (`docker.io`, `localhost:5000`), never for a URL path. */
export type CredentialProvider = (registry: string) => Promise<Credential | undefined>;

export function isEmptyCredential(c: Credential | undefined): boolean {
  return !c || (!c.username && !c.password && !c.identityToken && !c.registryToken);
}
