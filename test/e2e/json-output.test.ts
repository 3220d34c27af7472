/**
 * The --json contract (docs/json.md, from packages/cli/src/json-schemas.ts) against what the built
 * CLI really prints: every command is run on a real plugin, a real registry and a real workspace,
 * and each document must validate against its command's schema (or the error schema).
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin, type CliResult } from '../support/cli.js';
// @ts-expect-error: a plain ESM script without types
import { render } from '../../scripts/json-docs.mjs';
import { COMMAND_SCHEMAS, ERROR_SCHEMA, successSchema } from '../../packages/cli/src/json-schemas.js';

const ajv = new Ajv({ allErrors: true, strict: false });
let root: string;
let plugin: string;
let registry: RegistryHandle;
let env: NodeJS.ProcessEnv;
const validated = new Set<string>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hplugin-json-'));
  await mkdir(join(root, 'docker'));
  env = {
    HPLUGIN_CACHE_DIR: join(root, 'cache'),
    DOCKER_CONFIG: join(root, 'docker'),
    HPLUGIN_REGISTRY: '',
    HPLUGIN_REGISTRY_USERNAME: '',
    HPLUGIN_REGISTRY_PASSWORD: '',
  };
  registry = await startRegistry();
  expectValid('new', await run(['new', 'demo', '--yes', '--json'], root));
  plugin = join(root, 'demo');
});

afterAll(async () => {
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const run = (args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) => hplugin(args, { cwd, env: { ...env, ...extraEnv } });

function expectValid(command: string, result: CliResult, exitCode = 0): Record<string, unknown> {
  expect(result.code, `${command}: ${result.stdout}\n${result.stderr}`).toBe(exitCode);
  const doc = result.json();
  const validate = ajv.compile(successSchema(command));
  expect(validate(doc), `${command}: ${ajv.errorsText(validate.errors)}\n${result.stdout.slice(0, 2000)}`).toBe(true);
  validated.add(command);
  return doc;
}

describe('--json documents validate against docs/json.md', () => {
  it('docs/json.md is rendered from the schemas (run `node scripts/json-docs.mjs` after changing one)', async () => {
    expect(readFileSync(new URL('../../docs/json.md', import.meta.url), 'utf8')).toBe(await render());
  });

  it('the stage commands, for one plugin', async () => {
    expectValid('build', await run(['build', '--json'], plugin));
    expectValid('package', await run(['package', '--json'], plugin));
    expect(expectValid('publish', await run(['publish', '--json'], plugin)).target).toBe('local');
    expect(expectValid('publish', await run(['publish', '--registry', registry.host, '--json'], plugin))).toMatchObject({
      target: 'registry',
      supplyChain: null,
    });
    expectValid('test', await run(['test', '--json'], plugin));
    expectValid('run', await run(['run', '--path', '/x', '--json'], plugin));
  });

  it('the artifact and registry commands', async () => {
    const ref = `${registry.host}/plugins/demo:0.1.0`;
    expectValid('inspect', await run(['inspect', 'dist/oci', '--json'], plugin));
    expectValid('inspect', await run(['inspect', ref, '--json'], plugin));
    expect(expectValid('pull', await run(['pull', ref, '-o', join(root, 'pulled'), '--json'], root))).toMatchObject({
      outDir: join(root, 'pulled'),
      verified: null,
    });
    expectValid('manifest', await run(['manifest', ref, '--json'], root));
    expectValid('check', await run(['check', 'dist/plugin.wasm', '--json'], plugin));
    expectValid(
      'login',
      await hplugin(['login', registry.host, '-u', 'someone', '--password-stdin', '--json'], {
        cwd: root,
        env,
        input: 'not-a-real-secret\n',
      }),
    );
  }, 600_000);

  it('the supply-chain commands: key generate, publish --sbom --sign, sign, verify, pull --verify, manifest --verify', async () => {
    const keys = join(root, 'keys');
    await mkdir(keys);
    // Without a password the private key is plain PEM, said in a warning; with one, cosign's encrypted format.
    const plain = expectValid('key', await run(['key', 'generate', '--output', join(keys, 'plain'), '--json'], keys));
    expect(plain).toMatchObject({ encrypted: false, warnings: [{ code: 'KEY_UNENCRYPTED' }] });
    const withPassword = { COSIGN_PASSWORD: 'json-output-test' };
    expect(expectValid('key', await run(['key', 'generate', '--json'], keys, withPassword))).toMatchObject({
      encrypted: true,
      privateKeyPath: join(keys, 'cosign.key'),
    });
    const [key, pub] = [join(keys, 'cosign.key'), join(keys, 'cosign.pub')];

    expect(expectValid('package', await run(['package', '--sbom', '--json'], plugin)).sbom).toMatchObject({
      format: 'spdx',
      path: join(plugin, 'dist', 'sbom', 'sbom.spdx.json'),
    });
    expect(expectValid('package', await run(['package', '--json'], plugin)).sbom).toBeNull();
    const published = expectValid(
      'publish',
      await run(
        ['publish', '--registry', registry.host, '--repository', 'signed/demo', '--sbom', '--sign', '--key', key, '--json'],
        plugin,
        withPassword,
      ),
    );
    expect(published.supplyChain).toMatchObject({
      sbom: { format: 'spdx', mode: 'tag-schema', added: true },
      signature: { signatures: 1 },
    });

    const ref = `${registry.host}/signed/demo:0.1.0`;
    expect(expectValid('sign', await run(['sign', ref, '--key', key, '-a', 'by=json-output', '--json'], root, withPassword))).toMatchObject(
      { digest: published.digest, signatures: 2 },
    );
    const verified = expectValid('verify', await run(['verify', ref, '--key', pub, '--json'], root));
    expect(verified).toMatchObject({ digest: published.digest, rejected: [], sboms: [{ artifactType: 'application/spdx+json' }] });
    expect(verified.verified).toHaveLength(2);
    const pulled = expectValid('pull', await run(['pull', ref, '--verify', '--key', pub, '-o', join(root, 'verified'), '--json'], root));
    expect(pulled).toMatchObject({ outDir: join(root, 'verified'), digest: published.digest, verified: { signatures: 2 } });
    expect(expectValid('manifest', await run(['manifest', ref, '--verify', '--key', pub, '--json'], root)).digest).toBe(published.digest);
  }, 600_000);

  it('spec, config, doctor, completion, new --list, new --workspace and a workspace run', async () => {
    expectValid('spec', await run(['spec', '--json'], plugin));
    expectValid('spec', await run(['spec', '--check', '--json'], plugin));
    expectValid('config', await run(['config', '--json'], plugin));
    expectValid('config', await run(['config', 'validate', '--json'], plugin));
    expectValid('doctor', await run(['doctor', '--json'], root));
    expectValid('completion', await run(['completion', 'bash', '--json'], root));
    expectValid('new', await run(['new', '--list', '--json'], root));
    expectValid('new', await run(['new', '--workspace', 'ws', '--yes', '--set', 'hpluginVersion=0.1.0', '--json'], root));
    expectValid('new', await run(['new', 'alpha', '--yes', '--json'], join(root, 'ws')));
    const many = expectValid('build', await run(['build', '--all', '--json'], join(root, 'ws')));
    expect(many.plugins).toHaveLength(1);
    expectValid('logout', await run(['logout', registry.host, '--json'], root));
  });

  it('errors of any command validate against the error schema', async () => {
    const validate = ajv.compile(ERROR_SCHEMA);
    for (const args of [['build', '-C', join(root, 'nowhere')], ['publish', '--tag', 'bad tag!'], ['frobnicate']]) {
      const result = await run([...args, '--json'], root);
      expect(result.code).toBe(2);
      expect(validate(result.json()), `${args.join(' ')}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('every documented command was validated above', () => {
    expect([...validated].sort()).toEqual(Object.keys(COMMAND_SCHEMAS).sort());
  });
});
