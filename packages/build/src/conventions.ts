/**
 * Higress plugin-folder conventions: `.buildrc` (shell-style KEY=VALUE; EXTRA_TAGS adds build tags,
 * e.g. EXTRA_TAGS=proxy_wasm_version_0_2_100) and `prepare.sh` (run before the build).
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Parses KEY=VALUE lines, `export KEY=VALUE`, quotes, and # comments. No expansion. */
export function parseBuildrc(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\??=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    vars[m[1]!] = value;
  }
  return vars;
}

/** EXTRA_TAGS is space- or comma-separated (the Makefile passes it inside -tags='... $EXTRA_TAGS'). */
export function tagsFromBuildrc(vars: Record<string, string>): string[] {
  return (vars.EXTRA_TAGS ?? '').split(/[\s,]+/).filter(Boolean);
}

export async function readBuildrc(pluginDir: string): Promise<Record<string, string> | undefined> {
  try {
    return parseBuildrc(await readFile(join(pluginDir, '.buildrc'), 'utf8'));
  } catch {
    return undefined;
  }
}

export async function hasPrepareScript(pluginDir: string): Promise<boolean> {
  return access(join(pluginDir, 'prepare.sh')).then(
    () => true,
    () => false,
  );
}
