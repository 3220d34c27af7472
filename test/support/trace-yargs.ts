/**
 * A `node --import` argument that reports, on stderr, every yargs module the process resolves: the
 * proof that a help request took the stored-screen fast path (no yargs) or went through yargs.
 */
const HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/node_modules/yargs/')) process.stderr.write('LOADED-YARGS ' + r.url + '\\n'); return r; }`;

export const TRACE_YARGS_IMPORT = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`)}`;

export function loadedYargs(stderr: string): boolean {
  return stderr.includes('LOADED-YARGS ');
}
