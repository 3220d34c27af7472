/**
 * Advice must be followable: every `--flag` that `hplugin doctor` or a toolchain error suggests is a
 * flag some hplugin command really has (the list comes from the CLI's own --help output).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hplugin } from '../support/cli.js';

const FLAG = /(?<![\w-])--[a-z][a-z0-9-]*/g;

async function knownFlags(): Promise<Set<string>> {
  const overview = (await hplugin(['--help'])).stdout;
  const commands = [...overview.matchAll(/^ {2}hplugin ([a-z]+)/gm)].map((m) => m[1]!);
  expect(commands.length).toBeGreaterThan(10);
  const flags = new Set(overview.match(FLAG) ?? []);
  for (const command of commands) for (const flag of (await hplugin([command, '--help'])).stdout.match(FLAG) ?? []) flags.add(flag);
  // yargs lists a boolean once; its --no- form exists too.
  for (const flag of [...flags]) flags.add(flag.replace(/^--/, '--no-'));
  return flags;
}

describe('doctor and toolchain hints', () => {
  it('name only flags that exist', async () => {
    const known = await knownFlags();
    // Without Go and TinyGo on PATH, doctor prints every "not found" hint.
    const doctor = await hplugin(['doctor'], { env: { PATH: '/nonexistent', GOROOT: '', HOME: '/nonexistent' } });
    expect(doctor.stdout).toContain('missing');
    const toolchainDir = fileURLToPath(new URL('../../packages/build/src/toolchain/', import.meta.url));
    const sources = readdirSync(toolchainDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(toolchainDir, f), 'utf8'));
    const hints = [doctor.stdout, ...sources.flatMap((s) => [...s.matchAll(/hint:\s*([`'"])([\s\S]*?)\1/g)].map((m) => m[2]!))];
    const suggested = new Set(hints.flatMap((h) => h.match(FLAG) ?? []));
    expect([...suggested].filter((f) => !known.has(f))).toEqual([]);
  });
});
