/** The values the Higress console and gateway accept in spec.yaml (docs: higress-plugin-format.md, section 4), from @hplugin/rules. */
import { CATEGORIES, METADATA_DEFAULTS, PHASES, PRIORITY_MAX, type Category, type Phase } from '@hplugin/rules';

export const SPEC_CATEGORIES = CATEGORIES;
export const SPEC_PHASES = PHASES;
export const SPEC_PRIORITY_MAX = PRIORITY_MAX;

export type SpecCategory = Category;
export type SpecPhase = Phase;

/** What hgctl writes when the plugin says nothing. */
export const SPEC_DEFAULTS = {
  apiVersion: METADATA_DEFAULTS.apiVersion,
  category: METADATA_DEFAULTS.category,
  phase: METADATA_DEFAULTS.phase,
  priority: METADATA_DEFAULTS.priority,
} as const;
