/**
 * Image references: `[registry/]repository[:tag][@digest]`, with the distribution grammar and the
 * Docker Hub conventions that every docker-compatible tool applies.
 */
import { UsageError } from '@hplugin/core';
import {
  DOCKER_HUB,
  DOCKER_HUB_API_HOST,
  DOCKER_HUB_ALIASES,
  DOCKER_HUB_CREDENTIAL_KEY,
  TAG_MAX_LENGTH,
  isRegistryHost,
  isRepository,
  isTag,
  namesRegistryHost,
  normalizeRegistry,
} from '@hplugin/rules';
import { DIGEST_FORM } from './spec.js';

export interface Reference {
  /** The registry as the user names it (`docker.io`, `localhost:5000`): the credential lookup key. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export { DOCKER_HUB, DOCKER_HUB_API_HOST, DOCKER_HUB_CREDENTIAL_KEY, normalizeRegistry };

// distribution's digest grammar: algorithm ":" encoded. We only ever compute sha256, but we accept
// sha512 from a user so the registry, not us, decides whether it knows it.
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const MAX_NAME = 255;

function invalid(ref: string, why: string, hint: string): UsageError {
  return new UsageError('REF_INVALID', `Invalid reference "${ref}": ${why}.`, { hint, details: { reference: ref } });
}

export function parseReference(ref: string): Reference {
  const input = ref.trim();
  if (input === '') throw invalid(ref, 'it is empty', 'Use the form registry/repository:tag, e.g. localhost:5000/plugins/hello:1.0.0.');
  if (/^[a-z]+:\/\//i.test(input))
    throw invalid(ref, 'a reference has no URL scheme', 'Drop the "https://" prefix: registry.example.com/repo:tag.');

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      throw invalid(ref, `"${digest}" is not a digest (${DIGEST_FORM})`, 'Copy the digest exactly as the registry printed it.');
    }
  }

  // The tag follows the last ':' that comes after the last '/': a ':' before it is a port.
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    checkTag(tag, ref);
  }

  const slash = rest.indexOf('/');
  let registry = DOCKER_HUB;
  let repository = rest;
  if (slash >= 0 && namesRegistryHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    repository = rest.slice(slash + 1);
  }
  if ((DOCKER_HUB_ALIASES as readonly string[]).includes(registry)) registry = DOCKER_HUB;
  assertRegistryHost(registry, ref);
  if (repository === '')
    throw invalid(ref, 'the repository name is missing', 'Add the repository after the registry: registry.example.com/team/plugin:1.0.0.');
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;

  if (repository !== repository.toLowerCase()) {
    throw invalid(ref, `the repository "${repository}" contains uppercase letters`, `Use lowercase only: ${repository.toLowerCase()}.`);
  }
  if (!isRepository(repository)) {
    throw invalid(
      ref,
      `the repository "${repository}" is not valid: path components use a-z, 0-9 and single separators (".", "_", "__", "-") between them`,
      'Check for a doubled "/", a leading or trailing separator, or a character outside a-z0-9._-.',
    );
  }
  if (registry.length + 1 + repository.length > MAX_NAME) {
    throw invalid(ref, `the name is longer than ${MAX_NAME} characters`, 'Use a shorter repository path.');
  }
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/**
 * A registry host[:port] that can become a URL, or REF_INVALID: the grammar alone lets through a
 * port of 99999, which only failed later, inside URL parsing, as an "internal" error.
 */
export function assertRegistryHost(registry: string, ref = registry): void {
  if (!isRegistryHost(registry))
    throw invalid(
      ref,
      `"${registry}" is not a valid registry host[:port]`,
      'Use a host name or IP, optionally with a port: localhost:5000.',
    );
  const port = /\]?:(\d+)$/.exec(registry)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw invalid(ref, `the port ${port} is outside 1-65535`, 'Check the port the registry listens on, e.g. localhost:5000.');
  }
}

/** The canonical string form; the tag is kept next to the digest when both are known. */
export function formatReference(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The host[:port] the HTTP API is served on. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}

/** The key under which credentials for `registry` are stored (config.json, helpers). */
export function credentialKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_CREDENTIAL_KEY : registry;
}

/** Validates a bare tag (for `--tag` lists). One argument: callers pass it to forEach. */
export function assertTag(tag: string): void {
  checkTag(tag, tag);
}

/** The tag rule, for a bare tag or the one inside `ref` (the error names what the user typed). */
function checkTag(tag: string, ref: string): void {
  if (tag.length > TAG_MAX_LENGTH)
    throw invalid(ref, `the tag is ${tag.length} characters long; at most ${TAG_MAX_LENGTH} are allowed`, 'Use a shorter tag.');
  if (!isTag(tag))
    throw invalid(
      ref,
      `the tag "${tag}" may only contain letters, digits, "_", "." and "-" and must not start with "." or "-"`,
      'Use a tag such as 1.0.0 or latest.',
    );
}
