import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against each package's TypeScript source; e2e tests spawn the built CLI.
    alias: [
      { find: /^@hplugin\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
      // @hplugin/oci/spec (spec-entry.ts): the OCI format (media types, digests, the manifest parse) without the client.
      { find: /^@hplugin\/oci\/spec$/, replacement: `${root}packages/oci/src/spec-entry.ts` },
      // The modules the bin loads before main.js (compile cache, the compiler's head start): single files, not folders.
      { find: /^@hplugin\/core\/temp-path$/, replacement: `${root}packages/core/src/temp-path.ts` },
      { find: /^@hplugin\/core\/cache-dir$/, replacement: `${root}packages/core/src/cache-dir.ts` },
      { find: /^@hplugin\/build\/early$/, replacement: `${root}packages/build/src/early-compile.ts` },
      { find: /^@hplugin\/build\/early-guess$/, replacement: `${root}packages/build/src/early-guess.ts` },
      { find: /^@hplugin\/rules\/defaults$/, replacement: `${root}packages/rules/src/defaults.ts` },
      // Other sub-path exports (e.g. @hplugin/pipeline/replay) map to the folder's index.ts.
      { find: /^@hplugin\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2/index.ts` },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: on a fresh machine the first Go build of the SDK compiles the standard library for
    // wasip1 (tens of seconds on 2 cores) while other files build too. Speed is measured in bench/.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
