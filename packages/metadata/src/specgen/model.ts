/** The JSON printed by go/specgen (see go/specgen/model.go, which is the source of truth). */

export interface DocLine {
  line: number;
  text: string;
}

export interface GoNode {
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'map' | 'object' | 'any' | 'unknown';
  goType: string;
  format?: 'date-time' | 'byte' | 'duration';
  items?: GoNode;
  values?: GoNode;
  fields?: GoField[];
  recursive?: boolean;
}

export interface GoField {
  goName: string;
  name: string;
  omitEmpty?: boolean;
  file: string;
  line: number;
  exported: boolean;
  doc: DocLine[];
  tag?: string;
  tags?: Record<string, string>;
  embeddedFrom?: string;
  type: GoNode;
}

export interface GoDiagnostic {
  code: string;
  message: string;
  hint?: string;
  file?: string;
  line?: number;
}

export interface GoConfigType {
  name: string;
  file: string;
  line: number;
  reason: 'annotation' | 'parse-config' | 'generic';
  /** The plugin annotations: the struct's doc comment, or a detached block (warned about). */
  doc: DocLine[];
  /** The file the doc lines are in (a detached block may sit in main.go while the struct is in config/). */
  docFile: string;
}

/** How the property names were found (go/specgen keys.go). */
export interface GoKeyReport {
  /** tags: json/yaml tags as encoding/json reads them; gjson: the keys the parse functions read. */
  mode: 'tags' | 'gjson';
  readers?: string[];
  fields?: Record<string, string>;
  unknown?: string[];
  extra?: string[];
}

export interface SpecgenOutput {
  goVersion: string;
  package: string;
  files: string[];
  config?: GoConfigType;
  root?: GoNode;
  keys?: GoKeyReport;
  warnings: GoDiagnostic[];
  error?: GoDiagnostic;
}
