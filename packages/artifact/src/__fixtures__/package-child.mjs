// One packager process for the multi-process test: packages argv[2] (a plugin folder) into the
// shared layout argv[3] with tags argv[4..], using the BUILT package, as a real CLI process would.
import { join } from 'node:path';
import { packagePlugin } from '../../dist/index.js';

const [pluginDir, layoutDir, version, ...tags] = process.argv.slice(2);
const result = await packagePlugin({
  pluginDir,
  wasmPath: join(pluginDir, 'build', 'main.wasm'),
  name: 'p',
  version,
  tags,
  layoutDir,
  env: {},
});
process.stdout.write(JSON.stringify({ digest: result.manifestDigest, tags: result.tags }));
