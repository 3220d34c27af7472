/**
 * Secrets: logins and publishes with known passwords and tokens (Basic over TLS, bearer tokens),
 * including failures, with --json and --verbose; then every byte of output and every file written
 * under the temp dirs (build cache, OCI layout, pulled files) is searched for the secrets, raw and
 * base64-encoded. The credential file is the one exception, and it must be mode 0600. Cheap e2e
 * checks of the transport rules close it: Authorization is not forwarded on a cross-host redirect,
 * and an https → http redirect is refused.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { createTlsFiles } from '../harness/pki.js';
import { hplugin, type CliResult } from '../support/cli.js';
import { expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { startRedirectingRegistry, type RedirectingRegistry } from './support/redirecting-registry.js';
import { startTokenRecorder, type TokenRecorder } from './support/token-recorder.js';

let root: string;
let env: NodeJS.ProcessEnv;
let plugin: string;
let basic: RegistryHandle;
let token: RegistryHandle;
let recorder: TokenRecorder;
let redirecting: RedirectingRegistry;
let downgrading: RedirectingRegistry;
let caFile: string;
const outputs: Array<{ what: string; text: string }> = [];
const WRONG_PASSWORD = 'wrong-Pa55word-that-must-not-leak';
const REDIRECT_PASSWORD = 'redirect-Pa55word-for-the-fake';

beforeAll(async () => {
  root = tempDir('secrets');
  env = isolatedEnv(root);
  plugin = await scaffoldPlugin(root, 'secretive', env);
  recorder = await startTokenRecorder();
  basic = await startRegistry({ auth: 'htpasswd' });
  token = await startRegistry({
    auth: 'token',
    configure: (c) => {
      recorder.upstream = c.auth.token.realm;
      c.auth.token.realm = recorder.realm;
    },
  });
  const tls = await createTlsFiles(join(root, 'tls'));
  caFile = tls.caFile;
  redirecting = await startRedirectingRegistry();
  downgrading = await startRedirectingRegistry(tls);
});

afterAll(async () => {
  for (const s of [redirecting, downgrading, basic, token, recorder]) await s?.stop();
  removeTempDirs();
});

async function run(what: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const res = await hplugin(args, { cwd: plugin, env: { ...env, ...options.env }, ...(options.input ? { input: options.input } : {}) });
  outputs.push({ what, text: `${res.stdout}\n${res.stderr}` });
  return res;
}

function secrets(): string[] {
  const users = [
    { u: basic.username!, p: basic.password! },
    { u: token.username!, p: token.password! },
    { u: token.readOnly!.username, p: token.readOnly!.password },
    { u: 'someone', p: WRONG_PASSWORD },
    { u: 'someone', p: REDIRECT_PASSWORD },
  ];
  return [...users.flatMap(({ u, p }) => [p, Buffer.from(`${u}:${p}`).toString('base64')]), ...recorder.tokens];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

it('login, publish and pull with Basic and bearer credentials, including failures, leak no secret anywhere', async () => {
  const basicFlags = ['--ca-file', basic.caFile!];
  const login = await run(
    'login --password-stdin --verbose',
    ['login', basic.host, '-u', basic.username!, '--password-stdin', '--verbose', ...basicFlags],
    { input: `${basic.password}\n` },
  );
  expectOk(login, 'login');
  const config = join(env.DOCKER_CONFIG!, 'config.json');
  expect(statSync(config).mode & 0o777).toBe(0o600);

  expectOk(
    await run('publish with the stored login, --verbose', [
      'publish',
      '--registry',
      basic.host,
      '--repository',
      'secrets/basic',
      '--verbose',
      ...basicFlags,
    ]),
    'publish (login)',
  );
  expectOk(
    await run(
      'publish --json with env credentials',
      ['publish', '--registry', basic.host, '--repository', 'secrets/env', '--json', '--tag', 'latest', ...basicFlags],
      { env: { HPLUGIN_REGISTRY_USERNAME: basic.username!, HPLUGIN_REGISTRY_PASSWORD: basic.password! } },
    ),
    'publish (env)',
  );
  const wrong = await run(
    'login with a wrong password, --verbose',
    ['login', basic.host, '-u', 'someone', '--password-stdin', '--verbose', ...basicFlags],
    { input: WRONG_PASSWORD },
  );
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain('error[REGISTRY_UNAUTHORIZED]');
  const wrongJson = await run(
    'login with a wrong password, --json',
    ['login', basic.host, '-u', 'someone', '--password-stdin', '--json', ...basicFlags],
    { input: WRONG_PASSWORD },
  );
  expect(wrongJson.json().error.code).toBe('REGISTRY_UNAUTHORIZED');

  const tokenEnv = { HPLUGIN_REGISTRY_USERNAME: token.username!, HPLUGIN_REGISTRY_PASSWORD: token.password! };
  expectOk(
    await run('token publish --verbose', ['publish', '--registry', token.host, '--repository', 'secrets/token', '--verbose'], {
      env: tokenEnv,
    }),
    'publish (token)',
  );
  expectOk(
    await run('token publish --json', ['publish', '--registry', token.host, '--repository', 'secrets/token2', '--json', '--verbose'], {
      env: tokenEnv,
    }),
    'publish (token, json)',
  );
  const denied = await run(
    'token publish with a pull-only user',
    ['publish', '--registry', token.host, '--repository', 'secrets/denied', '--verbose'],
    {
      env: { HPLUGIN_REGISTRY_USERNAME: token.readOnly!.username, HPLUGIN_REGISTRY_PASSWORD: token.readOnly!.password },
    },
  );
  expect(denied.code).toBe(1);
  expect(denied.stderr).toMatch(/error\[REGISTRY_(UNAUTHORIZED|DENIED)\]/);
  expectOk(
    await run('token pull --verbose', ['pull', `${token.host}/secrets/token:0.1.0`, '-o', join(root, 'pulled'), '--verbose'], {
      env: tokenEnv,
    }),
    'pull (token)',
  );
  expectOk(await run('logout', ['logout', basic.host]), 'logout');

  expect(recorder.tokens.size).toBeGreaterThan(0);
  const known = secrets();
  const leaks: string[] = [];
  for (const { what, text } of outputs) leaks.push(...known.filter((s) => text.includes(s)).map(() => `output of ${what}`));
  const files = filesUnder(root).filter((f) => f !== config);
  for (const file of files) {
    const bytes = readFileSync(file);
    leaks.push(...known.filter((s) => bytes.includes(s)).map(() => file));
  }
  console.log(
    `[reliability] secrets found: ${leaks.length} (searched ${known.length} secrets in ${outputs.length} command outputs and ${files.length} files)`,
  );
  expect(leaks).toEqual([]);
  expect(files.some((f) => f.includes(join('cache', 'build')))).toBe(true);
  expect(files.some((f) => f.includes(join('dist', 'oci', 'blobs')))).toBe(true);
});

it('Authorization does not follow a redirect to another host, and an https → http redirect is refused', async () => {
  const creds = { HPLUGIN_REGISTRY_USERNAME: 'someone', HPLUGIN_REGISTRY_PASSWORD: REDIRECT_PASSWORD };
  const res = await run(
    'pull through a cross-host redirect',
    ['pull', `${redirecting.host}/cdn/plugin:1`, '-o', join(root, 'redirected')],
    { env: creds },
  );
  expectOk(res, 'pull through a redirect');
  expect(redirecting.authorizedAtRegistry).toBeGreaterThan(0);
  expect(redirecting.leakedToTarget).toEqual([]);

  const downgrade = await run(
    'pull through an https → http redirect',
    ['pull', `${downgrading.host}/cdn/plugin:1`, '-o', join(root, 'downgraded'), '--ca-file', caFile, '--plain-http=false'],
    { env: creds },
  );
  expect(downgrade.code).toBe(1);
  expect(downgrade.stderr).toContain('error[REGISTRY_REDIRECT_REFUSED]');
  expect(downgrading.leakedToTarget).toEqual([]);
});
