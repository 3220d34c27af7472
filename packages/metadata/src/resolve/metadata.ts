/**
 * The ONE resolved metadata of a plugin. Annotations, a committed spec.yaml and the plugin config
 * are merged once (resolvePluginMetadata); the spec layer, the WasmPlugin (`hplugin manifest`, the
 * one publish prints) and the plugins.properties line all read this result, so they cannot
 * disagree about a plugin's phase, priority or failStrategy.
 */
import type { Category, Contact, Phase, PluginSpec, SpecWarning } from '../types.js';
import { resolveFailStrategy, type FailStrategy } from './fail-strategy.js';

export interface ResolvedMetadata {
  name: string;
  version: string;
  category: Category;
  phase: Phase;
  priority: number;
  failStrategy: FailStrategy;
  title?: string;
  description?: string;
  iconUrl?: string;
  contact?: Contact;
  /** The spec's configSchema example: the WasmPlugin's defaultConfig. */
  defaultConfig?: Record<string, unknown>;
  /** Key (phase, priority, failStrategy, …) → where its value came from. */
  sources: Record<string, string>;
}

export interface ConfiguredFailStrategy {
  value: FailStrategy;
  source: string;
}

/**
 * Reads the resolved values out of a merged spec. specSources maps spec.yaml keys
 * (spec.phase, info.category, …) to their origin, as generateSpec reports them.
 */
export function metadataFromSpec(
  spec: PluginSpec,
  specSources: Record<string, string>,
  failStrategy?: ConfiguredFailStrategy,
): ResolvedMetadata {
  const fail = resolveFailStrategy(spec.info.category, spec.spec.phase, failStrategy);
  const example = spec.spec.configSchema?.openAPIV3Schema?.example;
  const defaultConfig =
    example && typeof example === 'object' && !Array.isArray(example) ? (example as Record<string, unknown>) : undefined;
  const from = (key: string) => specSources[key] ?? 'spec.yaml';
  return {
    name: spec.info.name,
    version: spec.info.version,
    category: spec.info.category,
    phase: spec.spec.phase,
    priority: spec.spec.priority,
    failStrategy: fail.value,
    ...(spec.info.title !== undefined ? { title: spec.info.title } : {}),
    ...(spec.info.description !== undefined ? { description: spec.info.description } : {}),
    ...(spec.info.iconUrl !== undefined ? { iconUrl: spec.info.iconUrl } : {}),
    ...(spec.info.contact !== undefined ? { contact: spec.info.contact } : {}),
    ...(defaultConfig ? { defaultConfig } : {}),
    sources: {
      name: from('info.name'),
      version: from('info.version'),
      category: from('info.category'),
      phase: from('spec.phase'),
      priority: from('spec.priority'),
      failStrategy: fail.source,
    },
  };
}

export type { SpecWarning };
