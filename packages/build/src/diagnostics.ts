/**
 * Structured diagnostics from compiler output, for --json and editors. Go and TinyGo both print
 * `path/file.go:12:5: message` (the column is optional), with continuation lines indented by a
 * tab. Lines that match nothing stay in the verbatim output, which is always kept too.
 */
import { isAbsolute, resolve } from 'node:path';

export interface Diagnostic {
  /** Absolute when `cwd` is given, else as printed. */
  file: string;
  line: number;
  column?: number;
  message: string;
}

const LOCATION_RE = /^(?<file>[^\s:][^:]*\.(?:go|s|mod|sum)):(?<line>\d+)(?::(?<column>\d+))?:\s?(?<message>.*)$/;

export function parseDiagnostics(output: string, cwd?: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const m = LOCATION_RE.exec(raw);
    if (m?.groups) {
      const { file = '', line, column, message = '' } = m.groups;
      diagnostics.push({
        file: cwd && !isAbsolute(file) ? resolve(cwd, file) : file,
        line: Number(line),
        ...(column ? { column: Number(column) } : {}),
        message: message.trim(),
      });
    } else if (raw.startsWith('\t') && diagnostics.length > 0) {
      const last = diagnostics[diagnostics.length - 1]!;
      last.message += `\n${raw.trim()}`;
    }
  }
  return diagnostics;
}

/** A next step for the failures people meet most, recognised from Go's own wording. */
export function hintFor(output: string): string {
  if (/missing go\.sum entry|updates to go\.mod needed|go: inconsistent vendoring/.test(output)) {
    return 'Run `go mod tidy` in the plugin folder, commit go.mod and go.sum, and build again.';
  }
  if (/toolchain not available|downloading go\d/.test(output)) {
    return 'go.mod asks for a Go release Go could not download: install it, or lower the go/toolchain line in go.mod.';
  }
  if (/cannot find (module|package)|no required module provides package/.test(output)) {
    return 'A package is missing: check the import path, then run `go get <module>` and `go mod tidy`.';
  }
  return 'Fix the errors above (file:line:column) and build again.';
}
