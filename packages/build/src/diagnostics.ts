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

/** Progress lines go prints while fetching modules: noise once a build has failed. */
const FETCH_NOISE = /^go: (downloading|finding|extracting) /;

/** The compiler output without go's module download progress, for the error message. */
export function withoutFetchNoise(output: string): string {
  return output
    .split(/\r?\n/)
    .filter((line) => !FETCH_NOISE.test(line))
    .join('\n');
}

export interface ModuleFetchFailure {
  /** module@version pairs go named, in order, without repeats. */
  modules: string[];
  /** Whether the checksum database (sumdb), not the proxy, refused. */
  checksumDb: boolean;
}

// A 403/404/410 from the proxy or the checksum database, a module the proxy says is not available,
// GOPROXY=off, or go falling back to git for a private repository with no credentials.
const FETCH_FAILURE = [
  /reading https?:\/\/\S+: (?:403|404|410)\b/,
  /\bnot available\b/,
  /module lookup disabled by GOPROXY=off/,
  /verifying [^\s]+: .*(?:checksum database|sum\.golang\.org|sumdb)/i,
  /SECURITY ERROR/,
  /terminal prompts disabled|could not read Username/,
  /unrecognized import path/,
];

/** A build that failed because Go could not fetch or verify a module, recognised from Go's wording. */
export function moduleFetchFailure(output: string): ModuleFetchFailure | undefined {
  const text = withoutFetchNoise(output);
  if (!FETCH_FAILURE.some((re) => re.test(text))) return undefined;
  const modules = new Set<string>();
  // go names the module as path@version wherever it reports it (`go: `, `main.go:2:8: `, `verifying `).
  for (const m of text.matchAll(/(?<![\w/.-])([a-z0-9.-]+\.[a-z]{2,}\/[^\s@:]+)@(v[^\s:/]+):/g)) modules.add(`${m[1]}@${m[2]}`);
  return { modules: [...modules], checksumDb: /sum\.golang\.org|checksum database|sumdb|SECURITY ERROR/i.test(text) };
}

/** What to do about a module fetch failure: the three settings that decide where go looks. */
export function moduleFetchHint(failure: ModuleFetchFailure, env: NodeJS.ProcessEnv = process.env): string {
  const first = failure.modules[0]?.split('@')[0];
  const pattern = first ? first.split('/').slice(0, 2).join('/') : '<module prefix>';
  const proxy = env.GOPROXY ? `GOPROXY=${env.GOPROXY}` : 'GOPROXY (see `go env GOPROXY`)';
  const lines = failure.checksumDb
    ? [
        `The checksum database does not know ${first ?? 'a module'}: set GONOSUMDB=${pattern} (or GOPRIVATE=${pattern} for a private module) and build again.`,
      ]
    : [
        `The module proxy would not serve ${first ?? 'a module'}: for a private module set GOPRIVATE=${pattern} (go then fetches it with git, skipping the proxy and the checksum database);`,
        `otherwise check ${proxy} and that the version exists.`,
      ];
  return lines.join(' ');
}
