/**
 * A minimal spec.yaml for a plugin that has none, so the console can still list and describe it.
 * Key order and formatting are fixed: the same metadata always gives the same bytes (and digest).
 */
import { stringify } from 'yaml';
import { SPEC_DEFAULTS } from './rules.js';

export interface PluginContact {
  name?: string;
  url?: string;
  email?: string;
}

export interface PluginMetadata {
  title?: string;
  description?: string;
  /** auth | security | protocol | flow-control | flow-monitor | custom (default custom). */
  category?: string;
  /** UNSPECIFIED_PHASE | AUTHN | AUTHZ | STATS (default UNSPECIFIED_PHASE). */
  phase?: string;
  /** 0–1000 (default 0). */
  priority?: number;
  /** Language tag → text, e.g. { 'zh-CN': '...' }. */
  titleI18n?: Record<string, string>;
  descriptionI18n?: Record<string, string>;
  iconUrl?: string;
  contact?: PluginContact;
}

export function generateSpecYaml(metadata: PluginMetadata & { name: string; version: string }): string {
  const info: Record<string, unknown> = {
    category: metadata.category ?? SPEC_DEFAULTS.category,
    name: metadata.name,
    title: metadata.title ?? metadata.name,
    ...(metadata.titleI18n ? { 'x-title-i18n': sorted(metadata.titleI18n) } : {}),
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(metadata.descriptionI18n ? { 'x-description-i18n': sorted(metadata.descriptionI18n) } : {}),
    ...(metadata.iconUrl ? { iconUrl: metadata.iconUrl } : {}),
    version: metadata.version,
    ...(metadata.contact ? { contact: pick(metadata.contact, ['name', 'url', 'email']) } : {}),
  };
  const spec = {
    phase: metadata.phase ?? SPEC_DEFAULTS.phase,
    priority: metadata.priority ?? SPEC_DEFAULTS.priority,
    configSchema: { openAPIV3Schema: { type: 'object' } },
  };
  // lineWidth 0: never fold long descriptions, so the output does not depend on a wrap width.
  return stringify({ apiVersion: SPEC_DEFAULTS.apiVersion, info, spec }, { lineWidth: 0 });
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function pick<T extends object>(value: T, keys: Array<keyof T>): Partial<T> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<T>;
}
