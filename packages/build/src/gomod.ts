/**
 * A small reader for the go.mod lines hplugin cares about: `module`, `go`, `toolchain`, and
 * `replace` (local targets must be hashed, because Go compiles them from the folder, not from
 * the checksummed module cache). Pure, so that it is table-tested without Go installed.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { access } from 'node:fs/promises';

export interface GoModReplace {
  from: string;
  /** The replacement: a module path (with version) or a local folder (starts with ./ ../ or /). */
  to: string;
  local: boolean;
}

export interface GoModInfo {
  module?: string;
  go?: string;
  toolchain?: string;
  replaces: GoModReplace[];
}

function stripComment(line: string): string {
  const i = line.indexOf('//');
  return (i >= 0 ? line.slice(0, i) : line).trim();
}

function unquote(token: string): string {
  return token.length >= 2 && (token[0] === '"' || token[0] === '`') ? token.slice(1, -1) : token;
}

function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === '.' || p === '..' || /^[A-Za-z]:[\\/]/.test(p);
}

function parseReplace(body: string): GoModReplace | undefined {
  const [left, right] = body.split('=>').map((s) => s.trim());
  if (!left || !right) return undefined;
  const from = unquote(left.split(/\s+/)[0] ?? '');
  const target = unquote(right.split(/\s+/)[0] ?? '');
  return { from, to: right.split(/\s+/).map(unquote).join(' '), local: isLocalPath(target) && right.split(/\s+/).length === 1 };
}

export function parseGoMod(text: string): GoModInfo {
  const info: GoModInfo = { replaces: [] };
  let block: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw);
    if (!line) continue;
    if (block) {
      if (line === ')') block = undefined;
      else if (block === 'replace') {
        const r = parseReplace(line);
        if (r) info.replaces.push(r);
      }
      continue;
    }
    const [verb, ...rest] = line.split(/\s+/);
    const body = rest.join(' ');
    if (body === '(') {
      block = verb;
      continue;
    }
    if (verb === 'module') info.module = unquote(body);
    else if (verb === 'go') info.go = body;
    else if (verb === 'toolchain') info.toolchain = body;
    else if (verb === 'replace') {
      const r = parseReplace(body);
      if (r) info.replaces.push(r);
    }
  }
  return info;
}

/** The folder holding go.mod for `dir`, walking up like the go command does; undefined if none. */
export async function findModuleRoot(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      await access(join(current, 'go.mod'));
      return current;
    } catch {
      if (dirname(current) === current) return undefined;
    }
  }
}

export async function readGoMod(moduleRoot: string): Promise<GoModInfo> {
  return parseGoMod(await readFile(join(moduleRoot, 'go.mod'), 'utf8'));
}

/**
 * The folders a plugin's module is compiled from: its module root and every local `replace` target
 * (e.g. ../../pkg/common). A commit to any of them can change the module; a commit elsewhere cannot.
 */
export async function moduleInputDirs(pluginDir: string): Promise<string[]> {
  const root = (await findModuleRoot(pluginDir)) ?? pluginDir;
  const goMod = await readGoMod(root).catch(() => ({ replaces: [] as GoModReplace[] }));
  const locals = goMod.replaces.filter((r) => r.local).map((r) => resolve(root, r.to));
  return [...new Set([pluginDir, root, ...locals])];
}
