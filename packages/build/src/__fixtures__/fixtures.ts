/** Test helpers: temp copies of the Go fixtures, a recording reporter, fake toolchain scripts. */
import { chmod, cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentReporter, type Reporter } from '@hplugin/core';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export async function tempDir(prefix = 'hplugin-build-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Copies fixtures/<name> to <parent>/<name> (a fresh temp dir unless given) and returns its path. */
export async function copyFixture(name: string, parent?: string): Promise<string> {
  const dest = join(parent ?? (await tempDir()), name);
  // Outputs someone built in the fixture folder itself are not part of the fixture.
  await cp(join(FIXTURES, name), dest, { recursive: true, filter: (src) => basename(src) !== 'dist' });
  return dest;
}

export interface RecordingReporter extends Reporter {
  infos: string[];
  tasks: string[];
}

/** A silent reporter that remembers what it was told, for assertions on announcements. */
export function recordingReporter(): RecordingReporter {
  const base = silentReporter();
  const infos: string[] = [];
  const tasks: string[] = [];
  return Object.assign(base, {
    infos,
    tasks,
    info(message: string) {
      infos.push(message);
    },
    async task<T>(label: string, run: (t: { update(text: string): void }) => Promise<T>) {
      tasks.push(label);
      return run({ update() {} });
    },
  }) as RecordingReporter;
}

export async function writeScript(path: string, body: string): Promise<string> {
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}
