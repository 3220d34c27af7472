/**
 * Check a spec.yaml the way the console will read it, and say where each problem is (file:line),
 * because a spec.yaml is written by hand.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { SPEC_CATEGORIES, SPEC_PHASES, SPEC_PRIORITY_MAX } from './rules.js';

export interface SpecIssue {
  file: string;
  line: number;
  column: number;
  /** The dotted key, e.g. `spec.priority`; empty for the document itself. */
  path: string;
  message: string;
}

export interface SpecValidation {
  ok: boolean;
  errors: SpecIssue[];
  warnings: SpecIssue[];
  /** The parsed document (when it parsed). */
  data?: unknown;
}

export interface SpecExpectations {
  /** The version being packaged: a different info.version is worth a warning. */
  version?: string;
}

export function validateSpecYaml(text: string, fileName: string, expect: SpecExpectations = {}): SpecValidation {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const errors: SpecIssue[] = [];
  const warnings: SpecIssue[] = [];
  const at = (node: Node | null | undefined, path: string, message: string): SpecIssue => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { file: fileName, line: pos.line, column: pos.col, path, message };
  };
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    errors.push({ file: fileName, line: pos.line, column: pos.col, path: '', message: `not valid YAML: ${firstLine(e.message)}` });
  }
  if (errors.length) return { ok: false, errors, warnings };
  if (!isMap(doc.contents)) {
    errors.push(at(doc.contents, '', 'the document must be a mapping with apiVersion, info and spec'));
    return { ok: false, errors, warnings };
  }
  const node = (path: string): Node | undefined => doc.getIn(path.split('.'), true) as Node | undefined;
  const parentOf = (path: string): Node | undefined => (path.includes('.') ? node(path.slice(0, path.lastIndexOf('.'))) : doc.contents!);
  const scalar = (path: string): unknown => {
    const n = node(path);
    return isScalar(n) ? n.value : undefined;
  };
  const require = (path: string, what: string): boolean => {
    const n = node(path);
    if (n === undefined || (isScalar(n) && (n.value === null || n.value === ''))) {
      errors.push(at(n ?? parentOf(path), path, `${path} is missing: ${what}`));
      return false;
    }
    return true;
  };

  require('apiVersion', 'write apiVersion: 1.0.0');
  if (requireMap(doc, 'info', errors, at) && require('info.category', `one of ${SPEC_CATEGORIES.join(', ')}`)) {
    const category = scalar('info.category');
    if (!(SPEC_CATEGORIES as readonly unknown[]).includes(category)) {
      errors.push(
        at(
          node('info.category'),
          'info.category',
          `info.category is ${JSON.stringify(category)}; it must be one of ${SPEC_CATEGORIES.join(', ')}`,
        ),
      );
    }
  }
  const version = scalar('info.version');
  if (expect.version && version !== undefined && String(version) !== expect.version) {
    warnings.push(
      at(node('info.version'), 'info.version', `info.version is ${String(version)} but version ${expect.version} is being packaged`),
    );
  }
  if (requireMap(doc, 'spec', errors, at)) {
    const phase = node('spec.phase');
    if (phase !== undefined && !(SPEC_PHASES as readonly unknown[]).includes(scalar('spec.phase'))) {
      errors.push(
        at(phase, 'spec.phase', `spec.phase is ${JSON.stringify(scalar('spec.phase'))}; it must be one of ${SPEC_PHASES.join(', ')}`),
      );
    }
    const priority = node('spec.priority');
    const value = scalar('spec.priority');
    if (priority !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SPEC_PRIORITY_MAX)) {
      errors.push(
        at(
          priority,
          'spec.priority',
          `spec.priority is ${JSON.stringify(value ?? null)}; it must be a whole number from 0 to ${SPEC_PRIORITY_MAX}`,
        ),
      );
    }
    const schema = node('spec.configSchema');
    if (schema === undefined) {
      warnings.push(
        at(node('spec'), 'spec.configSchema', 'spec.configSchema is missing: the console cannot show a form for the plugin configuration'),
      );
    } else if (!isMap(node('spec.configSchema.openAPIV3Schema'))) {
      errors.push(
        at(
          node('spec.configSchema.openAPIV3Schema') ?? schema,
          'spec.configSchema.openAPIV3Schema',
          'spec.configSchema.openAPIV3Schema must be an object (an OpenAPI v3 schema, e.g. {type: object, properties: {...}})',
        ),
      );
    }
  }
  return { ok: errors.length === 0, errors, warnings, data: doc.toJS() };
}

function requireMap(
  doc: Document,
  key: string,
  errors: SpecIssue[],
  at: (n: Node | null | undefined, p: string, m: string) => SpecIssue,
): boolean {
  const n = doc.get(key, true) as Node | undefined;
  if (isMap(n)) return true;
  errors.push(
    at(
      n ?? doc.contents,
      key,
      n === undefined ? `${key} is missing: it must be a mapping` : `${key} must be a mapping, not a ${isScalar(n) ? 'value' : 'list'}`,
    ),
  );
  return false;
}

export function formatSpecIssue(issue: SpecIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
