/**
 * A plugin's version from git, the way the Higress repository releases plugins: a tag
 * `wasm-go-<name>-vX.Y.Z` (its CI builds and pushes the plugin when such a tag is pushed). Only tags
 * reachable from HEAD count, so a checkout of an old commit never takes a later release's number.
 */
import { isSemver } from '@hplugin/rules';

export interface TagVersion {
  version: string;
  tag: string;
}

export function releaseTagPrefix(name: string): string {
  return `wasm-go-${name}-v`;
}

/** The newest release tag of `name` reachable from HEAD, or undefined (no git, no tag). */
export async function versionFromReleaseTag(pluginDir: string, name: string): Promise<TagVersion | undefined> {
  const prefix = releaseTagPrefix(name);
  // git sorts by version itself (v:refname), so 1.10.0 comes before 1.9.0 in descending order.
  // Loaded here: most plugins have a VERSION file, so most runs never need execa (~50 ms to load).
  const { execa } = await import('execa');
  const result = await execa('git', ['-C', pluginDir, 'tag', '--merged', 'HEAD', '--list', `${prefix}*`, '--sort=-v:refname'], {
    reject: false,
    stdin: 'ignore',
    timeout: 10_000,
  });
  if (result.exitCode !== 0 || typeof result.stdout !== 'string') return undefined;
  for (const tag of result.stdout.split('\n').map((t) => t.trim())) {
    const version = tag.slice(prefix.length);
    // wasm-go-key-auth-v1.0.0 also matches the prefix of a plugin named "key"; the version part
    // must be a semantic version, which "auth-v1.0.0" is not.
    if (tag.startsWith(prefix) && isSemver(version)) return { version, tag };
  }
  return undefined;
}
