/** Struct-level annotations on the config struct's doc comment (hgctl's set). */
import { PRIORITY_MAX, SEMVER_PATTERN } from '@hplugin/rules';
import type { DocLine } from '../specgen/model.js';
import { CATEGORIES, PHASES, type Category, type Phase } from '../types.js';
import { parseDoc } from './lines.js';
import { softly, type Leniency } from './leniency.js';
import {
  enumValue,
  integerValue,
  localized,
  patternValue,
  single,
  urlValue,
  yamlValue,
  type Located,
  type LocalizedText,
} from './values.js';

export const PLUGIN_TAGS = [
  'Name',
  'Category',
  'Phase',
  'Priority',
  'Title',
  'Description',
  'IconUrl',
  'Version',
  'Contact.name',
  'Contact.url',
  'Contact.email',
  'Example',
  'End',
] as const;

// Plugin names become OCI repository components; the console sometimes adds /v1.
const NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*(?:\/v\d+)?$/;
// The same semver rule as every command (@hplugin/rules), so an annotation cannot carry a version the config refuses.
const SEMVER = new RegExp(SEMVER_PATTERN);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PluginAnnotations {
  name?: Located<string>;
  category?: Located<Category>;
  phase?: Located<Phase>;
  priority?: Located<number>;
  title?: LocalizedText;
  description?: LocalizedText;
  iconUrl?: Located<string>;
  version?: Located<string>;
  contact: { name?: Located<string>; url?: Located<string>; email?: Located<string> };
  example?: Located<unknown>;
}

export function readPluginAnnotations(doc: readonly DocLine[], file: string, structName: string, leniency?: Leniency): PluginAnnotations {
  const { annotations: list } = parseDoc(doc, file, PLUGIN_TAGS, `the config struct ${structName}`, leniency);
  const one = (tag: string) => single(list, tag);
  const map = <T>(tag: string, read: (a: NonNullable<ReturnType<typeof one>>) => T): T | undefined => {
    const a = one(tag);
    return a ? softly(leniency, () => read(a)) : undefined;
  };
  const contactName = one('Contact.name');
  return {
    name: map('Name', (a) => patternValue(a, NAME, 'a plugin name (lowercase letters, digits and dashes, e.g. request-block)')),
    category: map('Category', (a) => enumValue(a, CATEGORIES)),
    phase: map('Phase', (a) => enumValue(a, PHASES)),
    priority: map('Priority', (a) => integerValue(a, 0, PRIORITY_MAX)),
    title: localized(list, 'Title', leniency),
    description: localized(list, 'Description', leniency),
    iconUrl: map('IconUrl', urlValue),
    version: map('Version', (a) => patternValue(a, SEMVER, 'a semantic version such as 1.0.0')),
    contact: {
      name: contactName ? softly(leniency, () => patternValue(contactName, /\S/, 'a name')) : undefined,
      url: map('Contact.url', urlValue),
      email: map('Contact.email', (a) => patternValue(a, EMAIL, 'an email address')),
    },
    example: map('Example', yamlValue),
  };
}
