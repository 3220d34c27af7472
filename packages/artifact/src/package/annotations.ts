/** Manifest annotations: from the plugin's metadata, git, and the one allowed timestamp. Never from the clock. */
import { ANNOTATION } from '@hplugin/oci/spec';
import { epochToRfc3339, type ResolvedEpoch } from '../epoch.js';
import type { GitInfo } from './git-info.js';

export interface AnnotationInputs {
  name: string;
  version: string;
  title?: string;
  description?: string;
  git?: GitInfo;
  epoch: ResolvedEpoch;
  /** The caller's own; they win over ours. */
  extra?: Record<string, string>;
}

export function manifestAnnotations(inputs: AnnotationInputs): Record<string, string> {
  const ours: Record<string, string | undefined> = {
    [ANNOTATION.title]: inputs.title ?? inputs.name,
    [ANNOTATION.version]: inputs.version,
    [ANNOTATION.description]: inputs.description,
    [ANNOTATION.source]: inputs.git?.source,
    [ANNOTATION.revision]: inputs.git?.revision,
    // Only a timestamp someone chose: the 1970 default would state a falsehood.
    [ANNOTATION.created]: inputs.epoch.source === 'default' ? undefined : epochToRfc3339(inputs.epoch.seconds),
  };
  const merged = { ...ours, ...inputs.extra };
  // Sorted keys: the manifest's bytes must not depend on the order anything was added in.
  return Object.fromEntries(
    Object.entries(merged)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
