/**
 * Reading config text with positions. YAML and JSON files are parsed with the `yaml` package (JSON is
 * YAML), so that syntax errors and schema errors can both point at line:col in the user's file.
 */
import { LineCounter, parseDocument, isMap, isSeq, type Node, type Pair } from 'yaml';
import { UsageError } from '@hplugin/core';

export interface Position {
  line: number;
  col: number;
}

function syntaxError(file: string, kind: string, line: number, col: number, what: string): UsageError {
  return new UsageError('CONFIG_SYNTAX', `${file}:${line}:${col}: the file is not valid ${kind}: ${what}`, {
    hint:
      kind === 'YAML'
        ? 'Fix the syntax at that line. YAML indentation uses spaces only.'
        : 'Fix the syntax at that line (JSON needs double quotes and no trailing commas).',
    details: { file, line, col },
  });
}

/** JSON is parsed strictly (YAML would accept `1.0.0` unquoted); V8's message gives the offset. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const lineCounter = new LineCounter();
    let offset = text.length;
    const at = /at position (\d+)/.exec(message);
    const lc = /\(line (\d+) column (\d+)\)/.exec(message);
    if (lc) throw syntaxError(file, 'JSON', Number(lc[1]), Number(lc[2]), message.replace(/ in JSON.*$/, ''));
    if (at) offset = Number(at[1]);
    parseDocument(text, { lineCounter });
    const pos = lineCounter.linePos(offset);
    throw syntaxError(file, 'JSON', pos.line, pos.col, message.replace(/ in JSON.*$/, ''));
  }
}

/** Parse YAML or JSON text; a syntax error becomes CONFIG_SYNTAX with file:line:col. */
export function parseConfigText(text: string, file: string): unknown {
  if (file.endsWith('.json')) return parseJson(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw syntaxError(file, 'YAML', pos.line, pos.col, first.message.split('\n')[0] ?? first.message);
  }
  return doc.toJS() ?? {};
}

/**
 * Where a JSON path points in the file: the key itself when `atKey` (for unknown keys), else the value.
 * Returns undefined when the text is not YAML/JSON (JS/TS configs) or the path is absent.
 */
export function positionOf(text: string, path: ReadonlyArray<string | number>, atKey = false): Position | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) return undefined;
  let node: Node | null | undefined = doc.contents as Node | null;
  let pair: Pair | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(segment)) as Pair | undefined;
      node = pair?.value as Node | undefined;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)] as Node | undefined;
      pair = undefined;
    } else {
      return undefined;
    }
    if (!node && !pair) return undefined;
  }
  const target = atKey && pair ? (pair.key as Node) : node;
  const offset = target?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset);
}
