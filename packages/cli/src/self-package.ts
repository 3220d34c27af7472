/**
 * The running hplugin as a tarball, for `hplugin new --workspace` to vendor: hplugin is on no npm
 * registry, so a new repository can only get the same hplugin from a file it carries.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HpluginError } from '@hplugin/core';

/** This file is dist/<chunk>.js in the published bundle and dist/self-package.js in a checkout. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Packs the running hplugin into a temp folder and returns the tarball's path. */
export async function packSelf(): Promise<string> {
  const { execa } = await import('execa');
  const out = await mkdtemp(join(tmpdir(), 'hplugin-self-'));
  const packScript = join(PACKAGE_ROOT, 'scripts', 'pack.mjs');
  try {
    // A checkout has the pack script (bundle first); an installed hplugin IS the packed package.
    const run = existsSync(packScript)
      ? await execa(process.execPath, [packScript, '--out', out])
      : await execa('npm', ['pack', PACKAGE_ROOT, '--json', '--pack-destination', out]).then((r) => ({
          stdout: join(out, (JSON.parse(r.stdout) as { filename: string }[])[0]!.filename),
        }));
    return run.stdout.trim();
  } catch (err) {
    throw new HpluginError(
      'SELF_PACK_FAILED',
      `Could not pack the running hplugin (${PACKAGE_ROOT}) for the new repository's vendor/ folder.`,
      {
        hint: "Check that npm is on PATH (from a checkout: run `npm run build` first), or add hplugin to the new repository's devDependencies yourself.",
        cause: err,
      },
    );
  }
}
