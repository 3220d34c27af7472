/**
 * Annotations + config metadata + defaults → spec.yaml's info, phase and priority.
 * Annotations win: they sit next to the code they describe (hgctl's rule). When the config also
 * sets a different value, a warning names both places so the user can drop one.
 * Defaults (hgctl's): category custom, version 0.1.0, phase UNSPECIFIED_PHASE, priority 0.
 */
import { METADATA_DEFAULTS } from '@hplugin/rules';
import type { PluginAnnotations } from '../annotations/plugin.js';
import type { Located, LocalizedText } from '../annotations/values.js';
import { formatPos } from '../errors.js';
import type { Phase, SpecInfo, SpecMetadata, SpecWarning } from '../types.js';
import { sortedRecord } from '../schema/order.js';

export interface MergeOptions {
  /** Where each config value came from, keyed like @hplugin/config's sources ("version", "metadata.title"). "default" means not set by the user. */
  metadataSources?: Record<string, string>;
  /** Used when neither annotations nor config name the plugin: the plugin folder's name. */
  fallbackName: string;
}

export interface MergedMetadata {
  info: SpecInfo;
  phase: Phase;
  priority: number;
  warnings: SpecWarning[];
  /** spec.yaml key → "annotation main.go:12" | the config source | "default". */
  sources: Record<string, string>;
}

export function mergeMetadata(notes: PluginAnnotations, meta: SpecMetadata, options: MergeOptions): MergedMetadata {
  const warnings: SpecWarning[] = [];
  const sources: Record<string, string> = {};
  const configSources = options.metadataSources ?? {};

  function pick<T>(
    specKey: string,
    configKey: string,
    note: Located<T> | undefined,
    configValue: T | undefined,
    fallback?: T,
  ): T | undefined {
    const from = configSources[configKey];
    const configured = configValue !== undefined && from !== 'default';
    if (note) {
      sources[specKey] = `annotation ${formatPos(note.pos)}`;
      if (configured && configValue !== note.value) {
        warnings.push({
          code: 'SPEC_METADATA_CONFLICT',
          file: note.pos.file,
          line: note.pos.line,
          message: `${specKey}: the annotation at ${formatPos(note.pos)} says ${JSON.stringify(note.value)}, but ${configKey} in ${from ?? 'the plugin config'} says ${JSON.stringify(configValue)}; using the annotation.`,
        });
      }
      return note.value;
    }
    if (configValue !== undefined) {
      sources[specKey] = from ?? 'config';
      return configValue;
    }
    if (fallback !== undefined) sources[specKey] = 'default';
    return fallback;
  }

  function pickLocalized(
    key: 'title' | 'description',
    note: LocalizedText | undefined,
    configText?: string,
    configI18n?: Record<string, string>,
  ) {
    const text = pick(`info.${key}`, `metadata.${key}`, note?.text, configText);
    const i18n: Record<string, string> = {};
    const langs = new Set([...Object.keys(note?.i18n ?? {}), ...Object.keys(configI18n ?? {})]);
    for (const lang of langs) {
      const value = pick(
        `info.x-${key}-i18n.${lang}`,
        `metadata.${key}I18n`,
        note?.i18n[lang as keyof LocalizedText['i18n']],
        configI18n?.[lang],
      );
      if (value !== undefined) i18n[lang] = value;
    }
    return { text, i18n: sortedRecord(i18n) };
  }

  const title = pickLocalized('title', notes.title, meta.title, meta.titleI18n);
  const description = pickLocalized('description', notes.description, meta.description, meta.descriptionI18n);
  const contact = {
    name: pick('info.contact.name', 'metadata.contact', notes.contact.name, meta.contact?.name),
    url: pick('info.contact.url', 'metadata.contact', notes.contact.url, meta.contact?.url),
    email: pick('info.contact.email', 'metadata.contact', notes.contact.email, meta.contact?.email),
  };
  const hasContact = Object.values(contact).some((v) => v !== undefined);
  const info: SpecInfo = {
    category: pick('info.category', 'metadata.category', notes.category, meta.category, METADATA_DEFAULTS.category)!,
    name: pick('info.name', 'name', notes.name, meta.name, options.fallbackName)!,
    title: title.text,
    'x-title-i18n': title.i18n,
    description: description.text,
    'x-description-i18n': description.i18n,
    iconUrl: pick('info.iconUrl', 'metadata.iconUrl', notes.iconUrl, meta.iconUrl),
    version: pick('info.version', 'version', notes.version, meta.version, METADATA_DEFAULTS.version)!,
    contact: hasContact ? JSON.parse(JSON.stringify(contact)) : undefined,
  };
  return {
    info: JSON.parse(JSON.stringify(info)) as SpecInfo, // drops undefined keys, keeps key order
    phase: pick('spec.phase', 'metadata.phase', notes.phase, meta.phase, METADATA_DEFAULTS.phase)!,
    priority: pick('spec.priority', 'metadata.priority', notes.priority, meta.priority, METADATA_DEFAULTS.priority)!,
    warnings,
    sources,
  };
}
