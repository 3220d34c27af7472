/**
 * Registry names as users type them. Docker Hub answers to several names; every docker-compatible
 * tool treats them as one, so credentials stored under any of them are found under docker.io.
 */

export const DOCKER_HUB = 'docker.io';
/** docker.io is a name, not a server: the API lives here. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The key docker login writes Docker Hub credentials under in config.json. */
export const DOCKER_HUB_CREDENTIAL_KEY = 'https://index.docker.io/v1/';
/** Every spelling of Docker Hub, in the order a credential lookup tries them. */
export const DOCKER_HUB_ALIASES = ['index.docker.io', DOCKER_HUB, DOCKER_HUB_API_HOST] as const;

/** host[:port] or [ipv6][:port]: DNS labels of letters, digits and inner dashes, a port of up to 5 digits (range-checked by the caller). */
const REGISTRY_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

export function isRegistryHost(value: string): boolean {
  return REGISTRY_HOST.test(value);
}

/**
 * Docker's rule for the first path component of a reference: it names a registry only when it has
 * a dot or a port, is localhost, or is an [ipv6] address; otherwise it is the start of a Docker Hub
 * repository (`library/nginx`), or, for `inspect`, of a path.
 */
export function namesRegistryHost(firstComponent: string): boolean {
  return firstComponent.includes('.') || firstComponent.includes(':') || firstComponent === 'localhost' || firstComponent.startsWith('[');
}

/** The scheme someone typed before a registry ("https://ghcr.io/org" → https); undefined without http(s)://. */
export function explicitScheme(input: string): 'http' | 'https' | undefined {
  const scheme = /^(https?):\/\//i.exec(input)?.[1]?.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? scheme : undefined;
}

/** "https://Host:5000/v2/" → "host:5000": drops a scheme and a path someone pasted, lowercases. */
export function registryHost(input: string): string {
  return input
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

/** Accepts `host`, `host:port`, or a URL; returns the registry name (Docker Hub's aliases are docker.io). */
export function normalizeRegistry(input: string): string {
  const host = registryHost(input);
  return (DOCKER_HUB_ALIASES as readonly string[]).includes(host) ? DOCKER_HUB : host;
}
