/**
 * failStrategy of the WasmPlugin. FAIL_OPEN lets requests bypass a plugin that cannot be fetched
 * or crashes; for an authentication or authorization plugin that means letting unauthenticated
 * requests through, which Higress's wasmplugin.proto calls "not recommended". So an auth plugin
 * (category auth, or phase AUTHN/AUTHZ) is FAIL_CLOSE unless the config says otherwise explicitly.
 */
import { FAIL_STRATEGIES, isAuthPlugin, type FailStrategy } from '@hplugin/rules';
import type { Category, Phase } from '../types.js';

export { FAIL_STRATEGIES, isAuthPlugin, type FailStrategy };

export interface ResolvedFailStrategy {
  value: FailStrategy;
  /** Why: the config key's source, or the rule that picked it. */
  source: string;
}

export function resolveFailStrategy(
  category: Category | string | undefined,
  phase: Phase | string | undefined,
  configured?: { value: FailStrategy; source: string },
): ResolvedFailStrategy {
  if (configured) return configured;
  if (isAuthPlugin(category, phase)) {
    const why = category === 'auth' ? 'category auth' : `phase ${phase}`;
    return { value: 'FAIL_CLOSE', source: `default for auth plugins: ${why}` };
  }
  return { value: 'FAIL_OPEN', source: 'default' };
}
