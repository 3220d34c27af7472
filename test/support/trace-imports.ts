/**
 * A `node --import` argument that reports, on stderr, every npm package module the process
 * resolves: the proof that a path does not load a dependency (the help fast path never loads
 * yargs, a publish never loads execa or ajv …). Resolve hooks run on a worker thread, which Node's
 * permission model refuses: do not combine with --experimental-permission.
 */
const HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/node_modules/')) process.stderr.write('LOADED-NPM ' + r.url + '\\n'); return r; }`;

export const TRACE_IMPORTS = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`)}`;

/** The npm packages whose modules the traced process resolved (scoped ones as @scope/name). */
export function loadedPackages(stderr: string): Set<string> {
  const names = [...stderr.matchAll(/^LOADED-NPM \S*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]!);
  return new Set(names);
}
