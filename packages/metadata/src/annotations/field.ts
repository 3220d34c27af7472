/** Field-level annotations: @Title, @Description, @Scope, @Example. */
import type { DocLine } from '../specgen/model.js';
import { SCOPES, type Scope } from '../types.js';
import { parseDoc } from './lines.js';
import { softly, type Leniency } from './leniency.js';
import { enumValue, localized, single, yamlValue, type Located, type LocalizedText } from './values.js';

export const FIELD_TAGS = ['Title', 'Description', 'Scope', 'Example', 'End'] as const;

export interface FieldAnnotations {
  title?: LocalizedText;
  description?: LocalizedText;
  scope?: Located<Scope>;
  example?: Located<unknown>;
  /** The doc comment's prose, used as the description when there is no @Description. */
  plain: string;
}

export function readFieldAnnotations(doc: readonly DocLine[], file: string, fieldName: string, leniency?: Leniency): FieldAnnotations {
  const { annotations: list, plain } = parseDoc(doc, file, FIELD_TAGS, `field ${fieldName}`, leniency);
  const scope = single(list, 'Scope');
  const example = single(list, 'Example');
  return {
    title: localized(list, 'Title', leniency),
    description: localized(list, 'Description', leniency),
    scope: scope ? softly(leniency, () => enumValue(scope, SCOPES)) : undefined,
    example: example ? softly(leniency, () => yamlValue(example)) : undefined,
    plain: plain.join(' '),
  };
}
