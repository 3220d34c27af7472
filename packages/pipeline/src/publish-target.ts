/**
 * Where publish pushes, parsed once at the edge (the CLI flag, HPLUGIN_REGISTRY, or the config's
 * publish.registry) into one typed value. Every later layer reads this, never the raw string.
 *
 *   --registry ghcr.io                    → ghcr.io/<publish.repository, default plugins/<name>>
 *   --registry ghcr.io/my-org/plugins     → ghcr.io/my-org/plugins/<name>   (a namespace)
 *   --repository my-org/x                 → ghcr.io/my-org/x                (the whole path)
 *   --repository my-org/{name} with --all → each plugin its own repository
 *
 * The namespace is what Higress's own release pipeline does (REGISTRY/REPOSITORY/<plugin>), and what
 * keeps `publish --all` from pushing every plugin into one repository.
 */
import type { ResolvedPluginConfig } from '@hplugin/config';
import { UsageError } from '@hplugin/core';
import { explicitScheme, isRegistryHost, isRepository } from '@hplugin/rules';

export interface PublishTarget {
  /** host[:port], without scheme or path. */
  host: string;
  /** The path after the host, if any: each plugin goes to <namespace>/<name>. */
  namespace?: string;
  /** From an explicit http:// or https:// scheme. */
  plainHttp?: boolean;
  /** What the user typed, for messages. */
  input: string;
}

/** Where a target came from, for the messages of a malformed one. */
export type TargetOrigin = '--registry' | 'HPLUGIN_REGISTRY' | 'publish.registry';

export function parsePublishTarget(input: string, origin: TargetOrigin): PublishTarget {
  const scheme = explicitScheme(input);
  const rest = (scheme ? input.slice(scheme.length + 3) : input).replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const namespace = slash === -1 ? '' : rest.slice(slash + 1);
  if (!isRegistryHost(host)) {
    throw new UsageError(
      'PUBLISH_REGISTRY_INVALID',
      `${origin} "${input}" does not start with a registry host (host, host:port or [ipv6]:port).`,
      {
        hint: 'Pass e.g. --registry ghcr.io/my-org (a host, then optionally a namespace), or --registry localhost:5000.',
        details: { origin, input },
      },
    );
  }
  if (namespace && !isRepository(namespace)) {
    throw new UsageError(
      'PUBLISH_REGISTRY_INVALID',
      `${origin} "${input}": the namespace "${namespace}" is not a valid OCI repository path (lowercase letters, digits, and . _ - / between them).`,
      {
        hint: 'Use lowercase path components, e.g. --registry ghcr.io/my-org/plugins.',
        details: { origin, input },
      },
    );
  }
  return { host, ...(namespace ? { namespace } : {}), ...(scheme ? { plainHttp: scheme === 'http' } : {}), input };
}

/**
 * --repository is the whole path. For several plugins it must name each one ({name}), or every
 * plugin would push into the same repository and overwrite the one before.
 */
export function checkRepositoryOverride(repository: string | undefined, many: boolean): void {
  if (repository === undefined) return;
  if (many && !repository.includes('{name}')) {
    throw new UsageError(
      'PUBLISH_REPOSITORY_SHARED',
      `--repository ${repository} would push every selected plugin into one repository, each overwriting the last.`,
      {
        hint: 'Put {name} in it (e.g. --repository my-org/{name}), or pass a namespace with --registry host/my-org so each plugin goes to my-org/<name>.',
      },
    );
  }
  const example = repository.replaceAll('{name}', 'plugin');
  if (!isRepository(example)) {
    // The commonest mistake gets its own words: registries refuse uppercase in repository paths.
    const why = /[A-Z]/.test(example)
      ? 'contains uppercase letters, which OCI repository paths may not'
      : 'is not a valid OCI repository path (lowercase letters, digits, and . _ - / between them)';
    throw new UsageError('REF_INVALID', `--repository "${repository}" ${why}.`, {
      hint: 'Pass e.g. --repository my-org/request-block, or my-org/{name} for several plugins.',
    });
  }
}

export interface RepositoryChoice {
  repository: string;
  /** Which rule picked it, for `--verbose` and the JSON result. */
  from: string;
}

/**
 * The repository of one plugin, highest precedence first: --repository; the namespace of a
 * --registry/HPLUGIN_REGISTRY given for this run; the plugin's explicit publish.repository; the
 * namespace of publish.registry in the config; plugins/<name>.
 */
/** What repositoryFor reads of a resolved config. */
export type RepositoryConfig = Pick<ResolvedPluginConfig, 'name' | 'sources'> & {
  publish: Pick<ResolvedPluginConfig['publish'], 'repository'>;
};

export function repositoryFor(
  cfg: RepositoryConfig,
  override: { target?: PublishTarget; repository?: string },
  configTarget?: PublishTarget,
): RepositoryChoice {
  if (override.repository) return { repository: override.repository.replaceAll('{name}', cfg.name), from: '--repository' };
  if (override.target?.namespace)
    return { repository: `${override.target.namespace}/${cfg.name}`, from: `the namespace of ${override.target.input}` };
  const explicit = !(cfg.sources['publish.repository'] ?? 'default').startsWith('default');
  if (explicit) return { repository: cfg.publish.repository, from: `publish.repository (${cfg.sources['publish.repository']})` };
  if (configTarget?.namespace)
    return { repository: `${configTarget.namespace}/${cfg.name}`, from: `the namespace of publish.registry ${configTarget.input}` };
  return { repository: cfg.publish.repository, from: 'default (plugins/<name>)' };
}
