/**
 * Dependencies that cost start-up time load only on the path that uses them (BENCHMARKS.md, speed
 * fixes): the built packages are imported in a fresh Node process, and a resolve hook lists every
 * npm package it loaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadedPackages, TRACE_IMPORTS } from '../support/trace-imports.js';

const CLI_PACKAGE = fileURLToPath(new URL('../../packages/cli/', import.meta.url));

/**
 * The npm packages a module script loads, run beside the CLI package (which can import every
 * @hplugin package). The hook sees imports; what CommonJS require()s is listed from its cache at exit.
 */
function packagesLoadedBy(script: string): Set<string> {
  const listRequired = `const { cache } = (await import('node:module')).createRequire(import.meta.url);
    process.on('exit', () => { for (const f of Object.keys(cache)) process.stderr.write('LOADED-NPM ' + f + '\\n'); });`;
  const child = spawnSync(process.execPath, ['--import', TRACE_IMPORTS, '--input-type=module', '-e', `${script}\n${listRequired}`], {
    cwd: CLI_PACKAGE,
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).toBe(0);
  return loadedPackages(child.stderr);
}

describe('what loads when', () => {
  const root = mkdtempSync(join(tmpdir(), 'hplugin-lazy-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the metadata entry (what a publish loads for the WasmPlugin) loads neither execa nor ajv: only spec generation needs them', () => {
    const loaded = packagesLoadedBy(
      `const m = await import('@hplugin/metadata'); if (typeof m.renderWasmPlugin !== 'function') process.exit(3);`,
    );
    expect(loaded.has('yaml')).toBe(true);
    expect(loaded.has('execa')).toBe(false);
    expect(loaded.has('ajv')).toBe(false);
  });

  it('checking spec examples still loads ajv, on the first check', () => {
    const script = `const m = await import('@hplugin/metadata');
      const schema = { type: 'object', properties: { n: { type: 'integer', example: 'x' } } };
      const r = m.validateSpecExamples({ spec: { configSchema: { openAPIV3Schema: schema } } });
      if (r.problems.length !== 1) process.exit(4);`;
    expect(packagesLoadedBy(script).has('ajv')).toBe(true);
  });

  it('a YAML plugin config resolves without cosmiconfig; a JS one loads it', () => {
    mkdirSync(join(root, 'yaml', '.git'), { recursive: true });
    writeFileSync(join(root, 'yaml', 'hplugin.config.yaml'), 'name: lazy\nversion: 1.0.0\n');
    mkdirSync(join(root, 'js', '.git'), { recursive: true });
    writeFileSync(join(root, 'js', 'hplugin.config.mjs'), 'export default { name: "lazy-js", version: "1.0.0" };\n');
    const resolve = (dir: string, name: string) =>
      `const { resolvePluginConfig } = await import('@hplugin/config'); const c = await resolvePluginConfig({ cwd: ${JSON.stringify(dir)} }); if (c.name !== '${name}') process.exit(5);`;
    expect(packagesLoadedBy(resolve(join(root, 'yaml'), 'lazy')).has('cosmiconfig')).toBe(false);
    expect(packagesLoadedBy(resolve(join(root, 'js'), 'lazy-js')).has('cosmiconfig')).toBe(true);
  });
});
