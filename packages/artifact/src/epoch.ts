/**
 * The one timestamp an artifact may carry. Reproducible-builds.org's SOURCE_DATE_EPOCH convention:
 * an explicit option wins, then the environment variable, then (only when asked) the git commit
 * time, else a constant. The wall clock is never read, so two runs of the same input agree.
 */
import { UsageError } from '@hplugin/core';

export type EpochSource = 'option' | 'env' | 'git' | 'default';

export interface ResolvedEpoch {
  /** Seconds since 1970-01-01T00:00:00Z. */
  seconds: number;
  source: EpochSource;
}

/** When nothing says otherwise: 1970-01-01, the value `tar --mtime=@0` and most reproducible builds use. */
export const DEFAULT_EPOCH_SECONDS = 0;

export function resolveEpoch(option: number | undefined, env: NodeJS.ProcessEnv, gitCommitSeconds?: number): ResolvedEpoch {
  if (option !== undefined) return { seconds: checkEpoch(option, 'sourceDateEpoch'), source: 'option' };
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw !== undefined && raw.trim() !== '') {
    if (!/^\d+$/.test(raw.trim())) {
      throw new UsageError('ARTIFACT_EPOCH_INVALID', `SOURCE_DATE_EPOCH is "${raw}", not a whole number of seconds.`, {
        hint: 'Set it to a Unix time in seconds, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it.',
      });
    }
    return { seconds: checkEpoch(Number(raw.trim()), 'SOURCE_DATE_EPOCH'), source: 'env' };
  }
  if (gitCommitSeconds !== undefined) return { seconds: gitCommitSeconds, source: 'git' };
  return { seconds: DEFAULT_EPOCH_SECONDS, source: 'default' };
}

function checkEpoch(value: number, name: string): number {
  // The tar header's 11 octal digits hold up to 8^11 - 1 seconds (year 2242); past that node-tar
  // would need a pax header, which we do not write.
  if (!Number.isSafeInteger(value) || value < 0 || value > 8 ** 11 - 1) {
    throw new UsageError('ARTIFACT_EPOCH_INVALID', `${name} is ${value}, not a Unix time in seconds between 0 and ${8 ** 11 - 1}.`, {
      hint: 'Pass whole seconds since 1970, e.g. the output of `git log -1 --format=%ct`.',
    });
  }
  return value;
}

/** RFC 3339 in UTC, as org.opencontainers.image.created wants. */
export function epochToRfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
