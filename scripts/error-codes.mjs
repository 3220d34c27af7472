#!/usr/bin/env node
// Writes docs/error-codes.md from the error catalogue (@hplugin/core, packages/core/src/error-catalogue):
// per code its exit class, message template, default hint and a heading whose anchor is the one the
// errors print (docs/error-codes.md#build_failed). Needs the built core package (`npx tsc -b` first).
// `node scripts/error-codes.mjs --check` fails when the file is stale (a test runs it too).
//
// The scans below do not decide what is documented: they only name the packages that throw each
// code, and let test/e2e/error-catalogue.test.ts cross-check the catalogue against the sources.
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'docs', 'error-codes.md');
const catalogueDir = join(root, 'packages', 'core', 'src', 'error-catalogue');

/** The catalogue as the built core package exports it. */
export async function loadCatalogue() {
  const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'error-catalogue', 'index.js')).href);
  return { catalogue: core.ERROR_CATALOGUE, domains: core.ERROR_CATALOGUE_DOMAINS, anchor: core.errorDocsAnchor };
}

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '__fixtures__' && name !== 'test-support' && path !== catalogueDir) yield* sources(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

function goSources(pkg) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.go') && !name.endsWith('_test.go')) out.push(path);
    }
  };
  try {
    walk(join(root, 'packages', pkg, 'go'));
  } catch {
    /* no Go sources */
  }
  return out;
}

const packageName = (pkg) => (pkg === 'cli' ? 'hplugin' : `@hplugin/${pkg}`);

/** Every package source file (not tests, fixtures or the catalogue itself), with its package. */
export function packageSources() {
  const files = [];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    try {
      for (const file of sources(join(root, 'packages', pkg, 'src')))
        files.push({ pkg, file, text: readFileSync(file, 'utf8'), go: false });
    } catch {
      /* no src */
    }
    for (const file of goSources(pkg)) files.push({ pkg, file, text: readFileSync(file, 'utf8'), go: true });
  }
  return files;
}

/**
 * The Go spec generator's codes. Its fatal error is a `&Diagnostic{Code: "…"}` (metadata rethrows
 * it with that code); a plain `Diagnostic{Code: …}` or `w.warn("…")` is a warning.
 */
export function goCodes(files = packageSources()) {
  const fatal = new Map();
  const warnings = new Map();
  const at = (map, code, file) => map.set(code, [...(map.get(code) ?? []), relative(root, file)]);
  for (const { file, text } of files.filter((f) => f.go)) {
    for (const m of text.matchAll(/(&?)Diagnostic\{\s*Code:\s*"([A-Z][A-Z0-9_]+)"/g)) at(m[1] ? fatal : warnings, m[2], file);
    for (const m of text.matchAll(/\bwarn\("([A-Z][A-Z0-9_]+)"/g)) at(warnings, m[1], file);
  }
  return { fatal, warnings };
}

/**
 * Codes the TypeScript sources raise as errors, found without the type checker (a cross-check of
 * it): literal first arguments of `new HpluginError(` / `new UsageError(`, the constants metadata
 * throws them through, and `code: '…'` table entries (the registry error mapping, module check
 * findings, warnings; the caller tells warnings apart).
 */
export function thrownCodes(files = packageSources()) {
  const thrown = new Map();
  const tabled = new Map();
  const at = (map, code, pkg) => map.set(code, new Set([...(map.get(code) ?? []), pkg]));
  for (const { pkg, text } of files.filter((f) => !f.go)) {
    for (const m of text.matchAll(/new (?:HpluginError|UsageError)\(\s*'([A-Z][A-Z0-9_]+)'/g)) at(thrown, m[1], pkg);
    for (const m of text.matchAll(/export const ([A-Z][A-Z0-9_]+) = '([A-Z][A-Z0-9_]+)';/g)) if (m[1] === m[2]) at(thrown, m[1], pkg);
    for (const m of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g)) at(tabled, m[1], pkg);
  }
  return { thrown, tabled };
}

/**
 * Which packages name each catalogued code: a quoted literal of it in their sources, not counting
 * comparisons (`=== 'X'`, `case 'X':`), which read a code rather than raise it.
 */
export function codeUsers(codes, files = packageSources()) {
  const users = new Map(codes.map((code) => [code, new Set()]));
  for (const { pkg, text } of files) {
    const raising = text.replace(/[!=]==\s*['"][A-Z][A-Z0-9_]+['"]|case\s+'[A-Z][A-Z0-9_]+':/g, '');
    for (const m of raising.matchAll(/['"]([A-Z][A-Z0-9_]+)['"]/g)) users.get(m[1])?.add(packageName(pkg));
  }
  return users;
}

/**
 * Warning codes: reported, never fatal (`warnings[].code` in --json output). From reporter.warn(…,
 * 'CODE') calls, SpecWarning objects (`code: 'CODE'`, in @hplugin/metadata), and the spec
 * generator's warnings. Module check findings (WASM_*) are listed in their own section. A code that
 * is also an error is listed here only when it is soft (an error with --strict, a warning without).
 */
export function collectWarnings(errorCodes, files = packageSources()) {
  const warnings = new Map();
  const add = (code, pkg) => {
    if (code.startsWith('WASM_')) return;
    warnings.set(code, new Set([...(warnings.get(code) ?? []), packageName(pkg)]));
  };
  for (const { pkg, text } of files.filter((f) => !f.go)) {
    for (const m of text.matchAll(/\.warn\(/g)) {
      const call = text.slice(m.index, text.indexOf(');', m.index) + 2);
      const literal = [...call.matchAll(/'([A-Z][A-Z0-9_]+)'\s*,?\s*\)/g)].pop();
      if (literal) add(literal[1], pkg);
    }
    if (pkg === 'metadata') for (const m of text.matchAll(/code: (?:'([A-Z][A-Z0-9_]+)'|([A-Z][A-Z0-9_]+)\b)/g)) add(m[1] ?? m[2], pkg);
  }
  for (const [code, where] of goCodes(files).warnings) add(code, where[0].split(sep)[1]);
  const soft = new Set(['SPEC_ANNOTATION_INVALID', 'SPEC_EXAMPLE_INVALID']);
  return new Map([...warnings].filter(([code]) => !errorCodes.has(code) || soft.has(code)));
}

/** Findings of the module check (`hplugin check`, every build): errors fail the build, the rest warn. */
export function collectFindings() {
  const findings = new Set();
  for (const file of sources(join(root, 'packages', 'build', 'src', 'check'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(WASM_[A-Z0-9_]+)'/g)) findings.add(m[1]);
  }
  return [...findings].sort();
}

/** Markdown-safe text: `<placeholder>` outside code spans would read as an HTML tag. */
function md(text) {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/\|/g, '\\|')))
    .join('');
}

const DOMAIN_TITLES = {
  core: 'Any command',
  config: 'Config files',
  build: 'Building and the module check',
  host: 'The proxy-wasm host (test, run)',
  metadata: 'spec.yaml, Go annotations and WasmPlugin resources',
  artifact: 'Packaging and OCI layouts',
  registry: 'References, registries and credentials',
  publish: 'Publishing and pulling',
  scaffold: 'Templates (new)',
  'supply-chain': 'Keys, SBOMs and signatures',
  cli: 'Command-line usage',
};

export function render({ catalogue, domains, anchor }, files = packageSources()) {
  const codes = Object.keys(catalogue).sort();
  const users = codeUsers(codes, files);
  const thrownBy = (code) => [...users.get(code)].sort().join(', ') || '—';
  const slug = (code) => anchor(code).split('#')[1];
  const warnings = collectWarnings(new Set(codes), files);
  const sections = Object.entries(domains).flatMap(([domain, entries]) => [
    `## ${DOMAIN_TITLES[domain] ?? domain}`,
    '',
    ...Object.keys(entries)
      .sort()
      .flatMap((code) => {
        const e = catalogue[code];
        return [
          `### ${code}`,
          '',
          `Exit ${e.exit}. Thrown by ${thrownBy(code)}.`,
          '',
          `- message: ${md(e.message)}`,
          `- hint: ${md(e.hint)}`,
          '',
        ];
      }),
  ]);
  return [
    '# Error codes',
    '',
    'Every error hplugin reports has one of these permanent codes (in `--json` output: `error.code`, with',
    '`error.docs` pointing at its entry below). A code is never reused for another meaning. Exit code 2',
    'means the input (flags, config, files) must change; 1 means the operation failed; 130 means the user',
    'stopped it (Ctrl-C, SIGTERM, a cancelled prompt).',
    '',
    'Generated by `node scripts/error-codes.mjs` from the error catalogue in',
    '`packages/core/src/error-catalogue/`; a test keeps it current. A message below is the one-line form,',
    'with `<placeholders>` for what the error fills in; the hint is the default one (a throw site may give',
    'a more precise one). The package READMEs explain the codes of each package in detail.',
    '',
    '| code | exit | thrown by |',
    '|---|---|---|',
    ...codes.map((code) => `| [\`${code}\`](#${slug(code)}) | ${catalogue[code].exit} | ${thrownBy(code)} |`),
    '',
    ...sections,
    '## Warning codes',
    '',
    'Reported on stderr (`warnings[].code` in `--json` output); the command goes on. SPEC_ANNOTATION_INVALID',
    'and SPEC_EXAMPLE_INVALID are warnings on `package` without `--strict` (documentation gaps) and errors',
    'otherwise.',
    '',
    '| code | reported by |',
    '|---|---|',
    ...[...warnings.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, pkgs]) => `| \`${code}\` | ${[...pkgs].sort().join(', ')} |`),
    '',
    '## Module check findings',
    '',
    'Codes of the proxy-wasm module check (`hplugin check`, and every build). An error finding fails the',
    "build (exit 1, thrown with the finding's code, catalogued above); a warning finding is reported and",
    'the build goes on. See packages/build/README.md for which is which.',
    '',
    ...collectFindings().map((f) => `- \`${f}\``),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = render(await loadCatalogue());
  if (process.argv.includes('--check')) {
    const current = (() => {
      try {
        return readFileSync(target, 'utf8');
      } catch {
        return '';
      }
    })();
    if (current !== text) {
      process.stderr.write('docs/error-codes.md is stale: run `npx tsc -b && node scripts/error-codes.mjs`.\n');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
}
