/**
 * Token scopes as registries write them: `repository:<name>:<actions>`, `registry:catalog:*`.
 *
 * API:
 *   parseScope(scope): RegistryAccess | undefined
 *   parseScopes(values): RegistryAccess[]    values may each hold several space-separated scopes
 *   grant(requested, allowed): RegistryAccess[]
 *
 * A name can contain `:` (`repository:localhost:5000/foo:pull` is seen in the wild), so the type is
 * cut at the first colon and the actions at the last.
 */
import type { RegistryAccess } from './jwt.js';

export function parseScope(scope: string): RegistryAccess | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

export function parseScopes(values: string[]): RegistryAccess[] {
  return values.flatMap((value) => value.split(' ').filter(Boolean)).flatMap((scope) => parseScope(scope) ?? []);
}

/** Keeps, of each requested scope, only the actions in `allowed`; drops scopes left with none. */
export function grant(requested: RegistryAccess[], allowed: ReadonlySet<string>): RegistryAccess[] {
  return requested
    .map((access) => ({ ...access, actions: access.actions.filter((action) => allowed.has(action)) }))
    .filter((access) => access.actions.length > 0);
}
