/**
 * Token scopes, `type:name:actions`, e.g. `repository:localhost:5000/team/app:pull,push`.
 * The name may itself contain ':' (a host:port prefix), so the type is before the first ':' and the
 * actions after the last one. Equal resources are merged so one token covers a whole push.
 */
export function repositoryScope(repository: string, actions: Array<'pull' | 'push' | 'delete' | '*'>): string {
  return `repository:${repository}:${actions.join(',')}`;
}

interface ParsedScope {
  resource: string;
  actions: Set<string>;
}

function parse(scope: string): ParsedScope | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return {
    resource: scope.slice(0, last),
    actions: new Set(
      scope
        .slice(last + 1)
        .split(',')
        .filter(Boolean),
    ),
  };
}

/** Merge and sort scopes: the result is both what we ask the token server and the cache key. */
export function mergeScopes(...lists: Array<readonly string[]>): string[] {
  const byResource = new Map<string, Set<string>>();
  const opaque = new Set<string>();
  // A challenge's scope param may hold several space-separated scopes.
  for (const scope of lists
    .flat()
    .flatMap((s) => s.split(' '))
    .filter(Boolean)) {
    const p = parse(scope);
    if (!p) {
      opaque.add(scope);
      continue;
    }
    const actions = byResource.get(p.resource) ?? new Set<string>();
    p.actions.forEach((a) => actions.add(a));
    byResource.set(p.resource, actions);
  }
  const merged = [...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`);
  return [...merged, ...opaque].sort();
}

/** True when a token granted `held` also allows every scope in `wanted`. */
export function scopesCover(held: readonly string[], wanted: readonly string[]): boolean {
  const granted = held.map(parse).filter((p): p is ParsedScope => p !== undefined);
  return wanted.every((scope) => {
    const w = parse(scope);
    if (!w) return held.includes(scope);
    return granted.some((g) => g.resource === w.resource && [...w.actions].every((a) => g.actions.has(a)));
  });
}
