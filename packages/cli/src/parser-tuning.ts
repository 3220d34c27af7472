/**
 * Work yargs does on every command run that hplugin never uses.
 */

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } | undefined;
}

/**
 * yargs renders the whole help screen of the command it is about to run (its `cacheHelpMessage`,
 * so that a handler calling showHelp() shows that command's help): 25-40 ms of text layout on the
 * path of every `hplugin run`, `build`, `publish` … Our handlers never call showHelp, and usage
 * errors go to our own fail handler, so the screen is never shown: this skips rendering it. Only
 * an internal method is replaced, through optional calls: should a yargs release move it, nothing
 * breaks, the rendering just comes back.
 */
export function skipHelpPrerendering(parser: unknown): void {
  const usage = (parser as YargsInternals).getInternalMethods?.()?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
