/**
 * Reconciles the Go found on this machine with what go.mod asks for. Go itself (>= 1.21) reads
 * the `go` and `toolchain` lines and, when GOTOOLCHAIN allows it ("auto", the default, or
 * "<version>+auto"), downloads and runs a newer toolchain on its own. hplugin does not second-guess
 * that: it only explains, before the build, what Go is about to do or why it will refuse.
 */
import { compareGoVersions, formatGoVersion, parseGoVersion, type GoVersion } from './version.js';

export interface GoRequirementVerdict {
  /** The Go version the build will effectively run with. */
  effective: GoVersion;
  /** Set when Go will switch toolchains: a sentence for the reporter. */
  note?: string;
  /** Set when the build cannot work: the message and hint for GO_MOD_NEEDS_NEWER_GO. */
  problem?: { message: string; hint: string };
}

export function switchingAllowed(gotoolchain: string): boolean {
  return gotoolchain === 'auto' || gotoolchain.endsWith('+auto');
}

/** The newer of go.mod's `go` line and its `toolchain` line (`toolchain default` means none). */
export function goModRequirement(goLine?: string, toolchainLine?: string): { version: GoVersion; text: string } | undefined {
  const candidates = [
    goLine ? { version: parseGoVersion(goLine), text: `go ${goLine}` } : undefined,
    toolchainLine && toolchainLine !== 'default'
      ? { version: parseGoVersion(toolchainLine), text: `toolchain ${toolchainLine}` }
      : undefined,
  ].filter((c): c is { version: GoVersion; text: string } => c?.version !== undefined);
  return candidates.sort((a, b) => compareGoVersions(b.version, a.version))[0];
}

export function reconcileGoMod(local: GoVersion, gotoolchain: string, goLine?: string, toolchainLine?: string): GoRequirementVerdict {
  const required = goModRequirement(goLine, toolchainLine);
  if (!required || compareGoVersions(required.version, local) <= 0) return { effective: local };
  const localText = formatGoVersion(local);
  // Toolchain switching exists since Go 1.21; an older go command just fails on a newer go line.
  const canSwitch = switchingAllowed(gotoolchain) && compareGoVersions(local, { major: 1, minor: 21, patch: 0, pre: '' }) >= 0;
  if (canSwitch) {
    return {
      effective: required.version,
      note:
        `go.mod says "${required.text}", newer than the installed ${localText}: with GOTOOLCHAIN=${gotoolchain} ` +
        `Go downloads that toolchain into its module cache and runs it (set GOTOOLCHAIN=local to forbid this).`,
    };
  }
  return {
    effective: local,
    problem: {
      message:
        `go.mod says "${required.text}", but the Go found is ${localText}` +
        (gotoolchain ? `, and GOTOOLCHAIN=${gotoolchain} stops Go from fetching a newer toolchain.` : '.'),
      hint:
        `Install Go ${formatGoVersion(required.version).slice(2)} or newer (or set build.go to it), ` +
        `or set GOTOOLCHAIN=auto so that Go downloads the toolchain go.mod asks for, or lower the go line in go.mod.`,
    },
  };
}
