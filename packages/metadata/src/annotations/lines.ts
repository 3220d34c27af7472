/**
 * Reads `@Tag …` annotations out of a doc comment. One annotation per line; `@Example` either
 * takes the rest of its line, or the lines that follow it up to a line `@End` (a YAML block).
 * Lines that are not annotations are kept as plain text (a field's fallback description).
 */
import { annotationError, type SourcePos } from '../errors.js';
import type { DocLine } from '../specgen/model.js';
import { didYouMean } from './suggest.js';
import { softly, type Leniency } from './leniency.js';

export interface Annotation {
  tag: string;
  /** The text after the tag (for a block @Example: the dedented block). */
  text: string;
  pos: SourcePos;
  /** The source line of the text's first line (differs from pos.line for an @Example block). */
  textLine: number;
}

export interface ParsedDoc {
  annotations: Annotation[];
  plain: string[];
}

const TAG_LINE = /^@([A-Za-z][\w.]*)(?:\s+(.*))?$/s;

function isTagLine(text: string): boolean {
  return /^@[A-Za-z]/.test(text.trim());
}

/** Removes the indentation the block's lines share (comments are usually `// ` + YAML). */
function dedent(lines: string[]): string {
  const widths = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = widths.length ? Math.min(...widths) : 0;
  return lines
    .map((l) => l.slice(cut).trimEnd())
    .join('\n')
    .trimEnd();
}

export function parseDoc(
  lines: readonly DocLine[],
  file: string,
  allowed: readonly string[],
  where: string,
  leniency?: Leniency,
): ParsedDoc {
  const annotations: Annotation[] = [];
  const plain: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.text.trim();
    const pos = { file, line: line.line };
    if (!trimmed.startsWith('@')) {
      if (trimmed) plain.push(trimmed);
      continue;
    }
    const match = TAG_LINE.exec(trimmed);
    if (!match) {
      throw annotationError(
        pos,
        `"${trimmed}" is not an annotation: expected @Tag followed by a value.`,
        'Write annotations as `// @Tag value`, one per line; put plain prose on lines that do not start with @.',
      );
    }
    const tag = match[1]!;
    const rest = (match[2] ?? '').trim();
    if (tag === 'End') {
      throw annotationError(pos, '@End without an @Example before it.', 'Start the YAML block with a line `@Example`, or remove the @End.');
    }
    if (!allowed.includes(tag)) {
      throw annotationError(
        pos,
        `Unknown annotation @${tag} on ${where}.${didYouMean(
          `@${tag}`,
          allowed.filter((t) => t !== 'End').map((t) => `@${t}`),
        )}`,
        `Annotations allowed here: ${allowed
          .filter((t) => t !== 'End')
          .map((t) => '@' + t)
          .join(' ')}.`,
      );
    }
    if (tag !== 'Example') {
      annotations.push({ tag, text: rest, pos, textLine: pos.line });
      continue;
    }
    // @Example: find the closing @End before the next annotation.
    let end = i + 1;
    while (end < lines.length && !isTagLine(lines[end]!.text)) end++;
    const closed = end < lines.length && lines[end]!.text.trim() === '@End';
    const body = lines.slice(i + 1, end).map((l) => l.text);
    if (closed) {
      annotations.push({ tag, text: rest ? `${rest}\n${dedent(body)}` : dedent(body), pos, textLine: rest ? pos.line : pos.line + 1 });
      i = end;
    } else if (rest && body.every((l) => l.trim() === '')) {
      annotations.push({ tag, text: rest, pos, textLine: pos.line });
    } else {
      softly(leniency, () => {
        throw annotationError(
          pos,
          '@Example without @End: a multi-line example must end with a line `@End`.',
          'Add a line `// @End` after the last line of the YAML example (or put a one-line example on the @Example line itself).',
          true,
        );
      });
      i = end - 1; // lenient: the unterminated block is skipped, not read as prose
    }
  }
  return { annotations, plain };
}
