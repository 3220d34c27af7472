/** The values the Higress console and gateway accept in spec.yaml (docs: higress-plugin-format.md, section 4). */
export const SPEC_CATEGORIES = ['auth', 'security', 'protocol', 'flow-control', 'flow-monitor', 'custom'] as const;
export const SPEC_PHASES = ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'] as const;
export const SPEC_PRIORITY_MAX = 1000;

export type SpecCategory = (typeof SPEC_CATEGORIES)[number];
export type SpecPhase = (typeof SPEC_PHASES)[number];

/** What hgctl writes when the plugin says nothing. */
export const SPEC_DEFAULTS = { apiVersion: '1.0.0', category: 'custom', phase: 'UNSPECIFIED_PHASE', priority: 0 } as const;
