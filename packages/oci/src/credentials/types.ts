import { registerSecret } from '@hplugin/core';

/** What a credential store can hand to the auth layer for one registry. */
export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`, a helper's `<token>` user). */
  identityToken?: string;
  /** A bearer token sent as it is (docker's `registrytoken`). */
  registryToken?: string;
}

/**
 * What the auth layer calls: the credential for a registry name (`docker.io`, `localhost:5000`),
 * never for a URL path. `credentialFromStore(store)` makes one from any CredentialStore.
 */
export type CredentialProvider = (registry: string) => Promise<Credential | undefined>;

/**
 * Where credentials live, keyed by server address: the registry name as normalizeRegistry spells it
 * (`docker.io`, `r.io:5000`). Shaped like oras-go's `credentials.Store` so that a store written for
 * one reads naturally to users of the other. Each store maps the name to its own key (docker files
 * Docker Hub under `https://index.docker.io/v1/`).
 */
export interface CredentialStore {
  /** The stored credential, or undefined when this store has none for the server. */
  get(serverAddress: string): Promise<Credential | undefined>;
  put(serverAddress: string, credential: Credential): Promise<void>;
  /** Resolves false when nothing was stored for the server. */
  delete(serverAddress: string): Promise<boolean>;
  /**
   * Where put() would store the credential for this server, for messages (`/home/me/.docker/config.json`,
   * `docker-credential-pass`). Optional: a store of your own may have nothing worth showing.
   */
  location?(serverAddress: string): Promise<string>;
}

/** Masks the credential's secrets in every output from now on (a store does this for what it reads or is given). */
export function registerCredentialSecrets(c: Credential | undefined): void {
  [c?.password, c?.identityToken, c?.registryToken].forEach(registerSecret);
}

export function isEmptyCredential(c: Credential | undefined): boolean {
  return !c || (!c.username && !c.password && !c.identityToken && !c.registryToken);
}
