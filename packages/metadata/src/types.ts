/** Shapes shared across the package: the plugin metadata a caller passes in, and spec.yaml. */

import { CATEGORIES, PHASES, type Category, type Phase } from '@hplugin/rules';

export { CATEGORIES, PHASES, type Category, type Phase };
export const SCOPES = ['GLOBAL', 'INSTANCE', 'ALL'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Contact {
  name?: string;
  url?: string;
  email?: string;
}

/**
 * Metadata from the plugin config (hplugin.config.*, VERSION, …). It fills whatever the Go
 * annotations leave out; when both set a value and they differ, the annotation wins and a warning
 * names both places.
 */
export interface SpecMetadata {
  name?: string;
  version?: string;
  title?: string;
  titleI18n?: Record<string, string>;
  description?: string;
  descriptionI18n?: Record<string, string>;
  category?: Category;
  phase?: Phase;
  priority?: number;
  iconUrl?: string;
  contact?: Contact;
}

/** A JSON Schema as OpenAPI v3 writes it, with the console's extensions. */
export type JsonSchema = { [key: string]: unknown };

export interface SpecInfo {
  category: Category;
  name: string;
  title?: string;
  'x-title-i18n'?: Record<string, string>;
  description?: string;
  'x-description-i18n'?: Record<string, string>;
  iconUrl?: string;
  version: string;
  contact?: Contact;
}

/** spec.yaml (higress-plugin-format.md section 4). */
export interface PluginSpec {
  apiVersion: '1.0.0';
  info: SpecInfo;
  spec: {
    phase: Phase;
    priority: number;
    configSchema: { openAPIV3Schema: JsonSchema };
    routeConfigSchema?: { openAPIV3Schema: JsonSchema };
  };
}

export interface SpecWarning {
  code: string;
  message: string;
  file?: string;
  line?: number;
}
