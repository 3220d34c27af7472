/** Runs the built generator on one package folder and reads its JSON answer. */
import { generatorError } from '../errors.js';
import type { SpecgenOutput } from './model.js';

export async function runSpecgen(binaryPath: string, packageDir: string, buildTags: readonly string[] = []): Promise<SpecgenOutput> {
  // execa loads (~60 ms) only when a spec is generated, not with the package's entry.
  const { execa } = await import('execa');
  const result = await execa(binaryPath, ['-dir', packageDir, '-tags', buildTags.join(',')], { reject: false });
  try {
    return JSON.parse(result.stdout) as SpecgenOutput;
  } catch (err) {
    throw generatorError(
      `The spec generator exited with ${result.exitCode ?? result.signal} and printed no JSON: ${(result.stderr || result.stdout).slice(0, 2000)}`,
      'This is a bug in hplugin. Run again with --verbose and report the output.',
      err,
    );
  }
}
