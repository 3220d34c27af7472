/**
 * The error codes of @hplugin/metadata. Codes are permanent: never rename or reuse one.
 * Annotation errors always name file:line, relative to the plugin folder, so editors can jump there.
 */
import { HpluginError, UsageError } from '@hplugin/core';

export const SPEC_ANNOTATION_INVALID = 'SPEC_ANNOTATION_INVALID';
export const SPEC_EXAMPLE_INVALID = 'SPEC_EXAMPLE_INVALID';
export const SPEC_GO_NOT_FOUND = 'SPEC_GO_NOT_FOUND';
export const SPEC_GENERATOR_FAILED = 'SPEC_GENERATOR_FAILED';
export const SPEC_FILE_INVALID = 'SPEC_FILE_INVALID';
export const WASMPLUGIN_INVALID_INPUT = 'WASMPLUGIN_INVALID_INPUT';

/** A place in the plugin's source: `main.go:12`. */
export interface SourcePos {
  file: string;
  line: number;
}

export const formatPos = (pos: SourcePos): string => `${pos.file}:${pos.line}`;

/**
 * soft marks a documentation gap (an annotation with no text, an @Example that is not YAML): an
 * error with --strict, a warning otherwise (see annotations/leniency.ts). Everything else about
 * annotations is always an error.
 */
export function annotationError(pos: SourcePos, message: string, hint: string, soft = false): UsageError {
  return new UsageError(SPEC_ANNOTATION_INVALID, `${formatPos(pos)}: ${message}`, {
    hint,
    details: { file: pos.file, line: pos.line, ...(soft ? { soft: true } : {}) },
  });
}

export function generatorError(message: string, hint: string, cause?: unknown): HpluginError {
  return new HpluginError(SPEC_GENERATOR_FAILED, message, { hint, cause });
}
