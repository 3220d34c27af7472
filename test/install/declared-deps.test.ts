/**
 * Every package must declare what its shipped code imports: npm workspaces hoist everything into the
 * root node_modules, so an undeclared import works here and crashes for a user who installs the
 * package on its own. TypeScript's own import scanner reads the sources (no regex guessing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url));

/** Files that ship: not tests, fixtures or test helpers (those run from the monorepo only). */
function shippedSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' || name === 'test-support' ? [] : shippedSources(path);
    return /\.m?ts$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The package name of a bare specifier: `@scope/name/x` → `@scope/name`, `name/x` → `name`. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

/** Specifiers of value imports: static imports/exports and dynamic import(); `import type` is erased. */
function runtimeImports(file: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) found.push((node.moduleSpecifier as ts.StringLiteral).text);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly)
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0]!))
      found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  return found;
}

/** Build-time scripts that are not part of any command (they generate committed files). */
const BUILD_TIME_ONLY = new Set(['config/src/validator-source.ts', 'config/src/schema-cli.ts', 'config/src/schema.ts']);

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (folder: string): Manifest => JSON.parse(readFileSync(join(PACKAGES, folder, 'package.json'), 'utf8')) as Manifest;

describe('declared dependencies', () => {
  for (const name of readdirSync(PACKAGES)) {
    it(`packages/${name} declares every package its shipped code imports`, () => {
      const manifest = readManifest(name);
      const declared = new Set(Object.keys(manifest.dependencies ?? {}));
      const missing = new Set<string>();
      const files = shippedSources(join(PACKAGES, name, 'src')).filter((f) => !BUILD_TIME_ONLY.has(f.slice(PACKAGES.length)));
      for (const file of files) {
        for (const spec of runtimeImports(file)) {
          const pkg = packageOf(spec);
          if (pkg && pkg !== manifest.name && !declared.has(pkg)) missing.add(`${pkg} (${file.slice(PACKAGES.length)})`);
        }
      }
      expect(files.length).toBeGreaterThan(0);
      expect([...missing]).toEqual([]);
    });
  }

  it('the published hplugin declares, with the same range, every npm dependency of the packages it bundles', () => {
    // tsdown inlines @hplugin/* and leaves npm packages external, so the bundle needs all of theirs.
    const cli = readManifest('cli');
    const byName = new Map(readdirSync(PACKAGES).map((folder) => [readManifest(folder).name, readManifest(folder)]));
    const expected: Record<string, string> = {};
    const seen = new Set<string>();
    const visit = (manifest: Manifest): void => {
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (!dep.startsWith('@hplugin/')) expected[dep] = range;
      }
      const ours = Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@hplugin/'));
      for (const dep of ours) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        visit(byName.get(dep)!);
      }
    };
    visit(cli);
    expect(seen.size).toBeGreaterThan(5);
    // Ranges must agree between packages (unify them there), so each bundled package gets its own.
    for (const [dep, range] of Object.entries(expected)) expect(cli.dependencies?.[dep], dep).toBe(range);
  });
});
