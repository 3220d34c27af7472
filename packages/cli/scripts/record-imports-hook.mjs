/**
 * Module-resolution hook for scripts/help-screens.mjs: reports every module URL the CLI resolves, so
 * that the help screens' fingerprint covers exactly the code that rendered them.
 */
let port;

export function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}
