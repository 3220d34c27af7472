#!/usr/bin/env node
// Writes docs/error-codes.md: every permanent error code thrown in packages/*/src, with the package
// that throws it and its exit code. `node scripts/error-codes.mjs --check` fails when the file is stale
// (a test runs that), so a new code cannot ship undocumented.
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'docs', 'error-codes.md');

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '__fixtures__' && name !== 'test-support') yield* sources(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

/** `export const SPEC_X = 'SPEC_X'`: a code thrown through a constant (new UsageError(SPEC_X, …)). */
function constantCodes(files) {
  const names = new Set();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/export const ([A-Z][A-Z0-9_]+) = '([A-Z][A-Z0-9_]+)';/g)) {
      if (m[1] === m[2]) names.add(m[1]);
    }
  }
  return names;
}

function goSources(pkg) {
  const dir = join(root, 'packages', pkg, 'go');
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.go') && !name.endsWith('_test.go')) out.push(path);
    }
  };
  try { walk(dir); } catch { /* no Go sources */ }
  return out;
}

export function collect() {
  const codes = new Map();
  const add = (code, pkg, exit, file) => {
    const entry = codes.get(code) ?? { packages: new Set(), exits: new Set(), files: new Set() };
    entry.packages.add(pkg === 'cli' ? 'hplugin' : `@hplugin/${pkg}`);
    entry.exits.add(exit);
    entry.files.add(relative(root, file));
    codes.set(code, entry);
  };
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const src = join(root, 'packages', pkg, 'src');
    let files;
    try { files = [...sources(src)]; } catch { continue; }
    const constants = constantCodes(files);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new (HpluginError|UsageError)\(\s*(?:'([A-Z][A-Z0-9_]+)'|([A-Z][A-Z0-9_]+)\b)/g)) {
        const code = m[2] ?? m[3];
        if (!m[2] && !constants.has(code)) continue;
        // UsageError is always exit 2; an HpluginError is exit 2 when its options say so.
        const window = text.slice(m.index, m.index + 900).split(/\n\s*\}\);/)[0];
        add(code, pkg, m[1] === 'UsageError' || /exitCode: 2/.test(window) ? 2 : /exitCode: CANCELLED_EXIT_CODE/.test(window) ? 130 : 1, file);
      }
      // Codes chosen from a table (e.g. registry error mappings): `code: 'X'` where X has our prefixes.
      for (const m of text.matchAll(/'((?:REGISTRY|HOST|CREDENTIALS)_[A-Z0-9_]+)'/g)) {
        const entry = codes.get(m[1]) ?? { packages: new Set(), exits: new Set(), files: new Set() };
        entry.packages.add(pkg === 'cli' ? 'hplugin' : `@hplugin/${pkg}`);
        if (entry.exits.size === 0) entry.exits.add(1);
        entry.files.add(relative(root, file));
        codes.set(m[1], entry);
      }
    }
    // The spec generator (Go) returns its fatal diagnostics as `&Diagnostic{Code: "…"}`; the
    // metadata package throws them as UsageError (exit 2) with that code.
    for (const file of goSources(pkg)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/&Diagnostic\{\s*Code:\s*"([A-Z][A-Z0-9_]+)"/g)) add(m[1], pkg, 2, file);
    }
  }
  return codes;
}

/**
 * Warning codes: reported, never fatal (`warnings[].code` in --json output). From reporter.warn(…,
 * 'CODE') calls, SpecWarning objects (`code: 'CODE'`, in @hplugin/metadata), and the spec
 * generator's warnings (Go: w.warn("CODE", …), Diagnostic{Code: "CODE"} without &). Module check
 * findings (WASM_*) are listed in their own section.
 */
export function collectWarnings(errors = collect()) {
  const warnings = new Map();
  const add = (code, pkg) => {
    if (code.startsWith('WASM_')) return;
    const set = warnings.get(code) ?? new Set();
    set.add(pkg === 'cli' ? 'hplugin' : `@hplugin/${pkg}`);
    warnings.set(code, set);
  };
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    let files;
    try { files = [...sources(join(root, 'packages', pkg, 'src'))]; } catch { continue; }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\.warn\(/g)) {
        const call = text.slice(m.index, text.indexOf(');', m.index) + 2);
        const literal = [...call.matchAll(/'([A-Z][A-Z0-9_]+)'\s*\)/g)].pop();
        if (literal) add(literal[1], pkg);
      }
      if (pkg === 'metadata') for (const m of text.matchAll(/code: (?:'([A-Z][A-Z0-9_]+)'|([A-Z][A-Z0-9_]+)\b)/g)) add(m[1] ?? m[2], pkg);
    }
    for (const file of goSources(pkg)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bwarn\("([A-Z][A-Z0-9_]+)"/g)) add(m[1], pkg);
      for (const m of text.matchAll(/[^&]Diagnostic\{Code:\s*"([A-Z][A-Z0-9_]+)"/g)) add(m[1], pkg);
    }
  }
  // A code that is an error somewhere is catalogued as an error; soft ones (an error with
  // --strict, a warning without) appear in both tables.
  return new Map([...warnings].filter(([code]) => !errors.has(code) || code === 'SPEC_ANNOTATION_INVALID' || code === 'SPEC_EXAMPLE_INVALID'));
}

/** Findings of the module check (`hplugin check`, every build): errors fail the build, the rest warn. */
export function collectFindings() {
  const findings = new Set();
  for (const file of sources(join(root, 'packages', 'build', 'src', 'check'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(WASM_[A-Z0-9_]+)'/g)) findings.add(m[1]);
  }
  return [...findings].sort();
}

export function render(codes, findings = collectFindings(), warnings = collectWarnings(codes)) {
  const rows = [...codes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, e]) =>
    `| \`${code}\` | ${[...e.exits].sort().join(' or ')} | ${[...e.packages].join(', ')} |`);
  return [
    '# Error codes',
    '',
    'Every error hplugin reports has one of these permanent codes (in `--json` output: `error.code`).',
    'A code is never reused for another meaning. Exit code 2 means the input (flags, config, files) must',
    'change; 1 means the operation failed; 130 means the user stopped it (Ctrl-C, SIGTERM, a cancelled prompt).',
    'Generated by `node scripts/error-codes.mjs`; a test keeps it current.',
    'The package READMEs explain the codes of each package in detail.',
    '',
    '| code | exit | thrown by |',
    '|---|---|---|',
    ...rows,
    '',
    '## Warning codes',
    '',
    'Reported on stderr (`warnings[].code` in `--json` output); the command goes on. SPEC_ANNOTATION_INVALID',
    'and SPEC_EXAMPLE_INVALID are warnings on `package` without `--strict` (documentation gaps) and errors',
    'otherwise.',
    '',
    '| code | reported by |',
    '|---|---|',
    ...[...warnings.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, pkgs]) => `| \`${code}\` | ${[...pkgs].join(', ')} |`),
    '',
    '## Module check findings',
    '',
    'Codes of the proxy-wasm module check (`hplugin check`, and every build). An error finding fails the',
    'build (exit 1, thrown with the finding\'s code); a warning finding is reported and the build goes on.',
    'See packages/build/README.md for which is which.',
    '',
    ...findings.map((f) => `- \`${f}\``),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = render(collect());
  if (process.argv.includes('--check')) {
    const current = (() => { try { return readFileSync(target, 'utf8'); } catch { return ''; } })();
    if (current !== text) {
      process.stderr.write('docs/error-codes.md is stale: run `node scripts/error-codes.mjs`.\n');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
}
