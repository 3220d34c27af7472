/** Module hooks (run on Node's hooks thread): every URL about to load, appended to $HPLUGIN_LOAD_LOG. */
import { appendFileSync } from 'node:fs';

const log = process.env.HPLUGIN_LOAD_LOG;

export async function load(url, context, nextLoad) {
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
