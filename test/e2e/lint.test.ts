import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** "file:line rule: message" for each error, so a failure names every place to fix. */
function errorsOf(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) =>
    r.messages
      .filter((m) => m.severity === 2)
      .map((m) => `${r.filePath.slice(root.length)}:${m.line} ${m.ruleId ?? 'parse'}: ${m.message}`),
  );
}

// CI runs `npm test`, not `npm run lint`: this keeps eslint.config.js enforced there.
describe('eslint (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: root });

  it('reports no errors on the repository (`npx eslint .` shows them)', async () => {
    const results = await eslint.lintFiles(['.']);
    expect(results.length).toBeGreaterThan(300);
    expect(errorsOf(results)).toEqual([]);
  });

  it('refuses an import against the package layering', async () => {
    const upward = await eslint.lintText("import { main } from '@hplugin/cli';\nexport { main };\n", {
      filePath: `${root}packages/oci/src/upward.ts`,
    });
    expect(errorsOf(upward)).toEqual([
      expect.stringMatching(/no-restricted-imports: '@hplugin\/cli'.*@hplugin\/oci may import only core, rules\b/),
    ]);
    const intoSource = await eslint.lintText("import { x } from '../../pipeline/src/index.js';\nexport { x };\n", {
      filePath: `${root}packages/core/src/sideways.ts`,
    });
    expect(errorsOf(intoSource)).toEqual([
      expect.stringMatching(
        /no-restricted-imports: '..\/..\/pipeline\/src\/index.js'.*@hplugin\/core may import only no other @hplugin package/,
      ),
    ]);
    const allowed = await eslint.lintText("import { UsageError } from '@hplugin/core';\nexport { UsageError };\n", {
      filePath: `${root}packages/oci/src/allowed.ts`,
    });
    expect(errorsOf(allowed)).toEqual([]);
  });
});
