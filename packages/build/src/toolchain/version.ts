/**
 * Version strings as the toolchains print them, and the comparisons hplugin needs:
 *   go version go1.26.8 linux/amd64          go env GOVERSION → go1.26.8, go1.24rc1, devel go1.27-abc
 *   tinygo version 0.33.0 linux/amd64 (using go version go1.22.5 and LLVM version 18.1.2)
 *   go.mod `go 1.24` / `go 1.24.1` / `toolchain go1.26.0`
 */

export interface GoVersion {
  major: number;
  minor: number;
  patch: number;
  /** 'rc1', 'beta2' or '' for a release; pre-releases sort before the release. */
  pre: string;
}

const GO_VERSION_RE = /(?:^|\s|go)(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta|alpha)\d*)?/;

/** Accepts `go1.26.8`, `1.24.1`, `go version go1.21.5 linux/amd64`, `devel go1.27-abcdef`. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = GO_VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

export function formatGoVersion(v: GoVersion): string {
  return `go${v.major}.${v.minor}${v.patch || !v.pre ? `.${v.patch}` : ''}${v.pre}`;
}

export interface TinygoVersion {
  version: string;
  major: number;
  minor: number;
  patch: number;
  /** The Go version TinyGo was built against, when it says. */
  goVersion?: string;
}

export function parseTinygoVersion(text: string): TinygoVersion | undefined {
  const m = /tinygo version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  const go = /using go version (go\S+)/.exec(text);
  const version = `${m[1]}.${m[2]}.${m[3] ?? 0}`;
  return {
    version,
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    ...(go?.[1] ? { goVersion: go[1] } : {}),
  };
}

/** Go >= 1.24 is the first release with -buildmode=c-shared for wasip1 (a reactor with _initialize). */
export const MIN_GO: GoVersion = { major: 1, minor: 24, patch: 0, pre: '' };
/** Higress's TinyGo-era builder image pinned TinyGo 0.28.1 (plugins/wasm-go/Makefile). */
export const MIN_TINYGO = { major: 0, minor: 28, patch: 0 };

export function tinygoAtLeast(v: TinygoVersion, min: { major: number; minor: number; patch: number }): boolean {
  if (v.major !== min.major) return v.major > min.major;
  if (v.minor !== min.minor) return v.minor > min.minor;
  return v.patch >= min.patch;
}
