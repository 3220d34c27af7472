/**
 * `hplugin login` / `publish` / `logout` against a real registry with htpasswd (Basic) auth over
 * TLS signed by the harness CA, on 127.0.0.1. Loopback hosts default to plain http, so these runs
 * also pin down how a TLS registry on loopback is reached: --ca-file / --insecure mean https, and
 * --plain-http=false or an https:// prefix force it.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeHelper } from '../../packages/oci/src/__fixtures__/fake-credential-helper.js';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';
import { registryDigest } from './support-registry.js';
import { SecretAudit } from './support-secrets.js';

let registry: RegistryHandle;
let fx: PluginFixture;
const audit = new SecretAudit();
const WRONG_PASSWORD = 'not-the-password-7f3a9c';

beforeAll(async () => {
  [registry, fx] = await Promise.all([startRegistry({ auth: 'htpasswd' }), scaffoldPlugin('demo')]);
  audit.addCredential(registry.username!, registry.password!);
  audit.addCredential(registry.username!, WRONG_PASSWORD);
});

afterAll(async () => {
  await registry?.stop();
  await fx?.cleanup();
});

/** A docker config folder of the test's own, so logins never leak between tests. */
async function dockerConfig(): Promise<string> {
  const dir = join(await fx.tempDir('docker'), 'config');
  await mkdir(dir);
  audit.allow(join(dir, 'config.json'));
  return dir;
}

async function run(label: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }) {
  return audit.record(
    label,
    await hplugin(args, {
      cwd: options.cwd,
      env: { ...fx.env, ...options.env },
      ...(options.input !== undefined ? { input: options.input } : {}),
    }),
  );
}

describe('htpasswd Basic auth over TLS (harness CA) on 127.0.0.1', () => {
  it('login --password-stdin --ca-file stores a 0600 config.json; publish --ca-file uses it; logout forgets it', async () => {
    const dir = await fx.copy();
    const DOCKER_CONFIG = await dockerConfig();
    const env = { DOCKER_CONFIG };
    const login = await run(
      'login',
      ['login', registry.host, '-u', registry.username!, '--password-stdin', '--ca-file', registry.caFile!],
      { cwd: dir, env, input: `${registry.password}\n` },
    );
    expectOk(login, 'login');
    expect(login.stdout).toContain(`Logged in to ${registry.host} as ${registry.username}`);
    const configFile = join(DOCKER_CONFIG, 'config.json');
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(configFile, 'utf8'));
    expect(Buffer.from(stored.auths[registry.host].auth, 'base64').toString()).toBe(`${registry.username}:${registry.password}`);

    const published = expectOk(
      await run('publish --ca-file --json', ['publish', '--registry', registry.host, '--ca-file', registry.caFile!, '--json'], {
        cwd: dir,
        env,
      }),
      'publish',
    ).json();
    expect(published.publish.status).toBe('pushed');
    expect(await registryDigest(registry, 'plugins/demo:0.1.0')).toBe(published.digest);
    const verbose = expectOk(
      await run('publish --ca-file --verbose', ['publish', '--registry', registry.host, '--ca-file', registry.caFile!, '--verbose'], {
        cwd: dir,
        env,
      }),
      'verbose publish',
    );
    expect(verbose.stdout).toContain('already up to date');

    const logout = expectOk(await run('logout', ['logout', registry.host], { cwd: dir, env }), 'logout');
    expect(logout.stdout).toContain(`Removed the credentials for ${registry.host}`);
    expect(JSON.parse(await readFile(configFile, 'utf8')).auths?.[registry.host]).toBeUndefined();
    const after = await run('publish after logout', ['publish', '--registry', registry.host, '--ca-file', registry.caFile!, '--json'], {
      cwd: dir,
      env,
    });
    expect(after.code).toBe(1);
    expect(after.json().error.code).toBe('REGISTRY_UNAUTHORIZED');
    // Nothing to send is not the same as refused: the hint says which it was.
    expect(after.json().error.hint).toMatch(
      /^No credentials were found for .*: hplugin login .*\(or set HPLUGIN_REGISTRY_USERNAME and HPLUGIN_REGISTRY_PASSWORD\)/,
    );
    expect(after.json().error.details.credentials).toBe('none');
  });

  it('with credsStore in config.json, login stores in that helper (a real script on PATH), publish reads it there, logout erases it', async () => {
    const dir = await fx.copy();
    const DOCKER_CONFIG = await dockerConfig();
    const bin = await fx.tempDir('helper-bin');
    // The helper's store and its call log hold the password, as a keychain would.
    const { db: helperDb, log: helperLog } = await installFakeHelper(bin, 'e2e');
    audit.allow(helperDb);
    audit.allow(helperLog);
    const configFile = join(DOCKER_CONFIG, 'config.json');
    await writeFile(configFile, JSON.stringify({ credsStore: 'e2e' }));
    const env = { DOCKER_CONFIG, PATH: `${bin}${delimiter}${process.env.PATH}` };

    const login = expectOk(
      await run(
        'login (credsStore)',
        ['login', registry.host, '-u', registry.username!, '--password-stdin', '--ca-file', registry.caFile!, '--json'],
        { cwd: dir, env, input: registry.password! },
      ),
      'login',
    ).json();
    expect(login).toMatchObject({ registry: registry.host, storedIn: 'docker-credential-e2e' });
    expect(JSON.parse(await readFile(helperDb, 'utf8'))[registry.host]).toEqual({
      ServerURL: registry.host,
      Username: registry.username,
      Secret: registry.password,
    });
    expect(JSON.parse(await readFile(configFile, 'utf8'))).toEqual({ credsStore: 'e2e' });

    const published = expectOk(
      await run('publish (credsStore)', ['publish', '--registry', registry.host, '--ca-file', registry.caFile!, '--json'], {
        cwd: dir,
        env,
      }),
      'publish',
    ).json();
    expect(await registryDigest(registry, 'plugins/demo:0.1.0')).toBe(published.digest);

    const logout = expectOk(await run('logout (credsStore)', ['logout', registry.host, '--json'], { cwd: dir, env }), 'logout').json();
    expect(logout).toMatchObject({ registry: registry.host, removed: true, storedIn: 'docker-credential-e2e' });
    expect(JSON.parse(await readFile(helperDb, 'utf8'))).toEqual({});
  });

  it('--insecure instead of --ca-file: login and publish over https without verifying the certificate', async () => {
    const dir = await fx.copy();
    const env = { DOCKER_CONFIG: await dockerConfig() };
    expectOk(
      await run('login --insecure', ['login', registry.host, '-u', registry.username!, '--password-stdin', '--insecure'], {
        cwd: dir,
        env,
        input: registry.password!,
      }),
      'login',
    );
    const res = expectOk(
      await run('publish --insecure', ['publish', '--registry', registry.host, '--repository', 'insecure/demo', '--insecure', '--json'], {
        cwd: dir,
        env,
      }),
      'publish',
    ).json();
    expect(await registryDigest(registry, 'insecure/demo:0.1.0')).toBe(res.digest);
  });

  it('https to loopback is forced by --plain-http=false or an https:// prefix; without --ca-file or --insecure that is REGISTRY_TLS naming both', async () => {
    const dir = await fx.copy();
    const env = { HPLUGIN_REGISTRY_USERNAME: registry.username!, HPLUGIN_REGISTRY_PASSWORD: registry.password! };
    for (const args of [
      ['--registry', registry.host, '--plain-http=false'],
      ['--registry', `https://${registry.host}`],
    ]) {
      const res = await run(`publish ${args.join(' ')}`, ['publish', ...args, '--json'], { cwd: dir, env });
      expect(res.code, res.stdout).toBe(1);
      const error = res.json().error;
      expect(error.code).toBe('REGISTRY_TLS');
      expect(error.message).toContain(registry.host);
      expect(error.hint).toMatch(/--ca-file/);
      expect(error.hint).toMatch(/--insecure/);
    }
    const login = await run(
      'login https:// without CA',
      ['login', `https://${registry.host}`, '-u', registry.username!, '--password-stdin', '--json'],
      { cwd: dir, env: { DOCKER_CONFIG: await dockerConfig() }, input: registry.password! },
    );
    expect(login.code).toBe(1);
    expect(login.json().error.code).toBe('REGISTRY_TLS');
    // With the CA, the https:// form publishes, and the WasmPlugin url carries no scheme.
    const ok = expectOk(
      await run(
        'publish https:// --ca-file',
        ['publish', '--registry', `https://${registry.host}/scheme`, '--ca-file', registry.caFile!, '--json'],
        { cwd: dir, env },
      ),
      'https:// publish',
    ).json();
    expect(ok.url).toBe(`oci://${registry.host}/scheme/demo:0.1.0`);
    expect(await registryDigest(registry, 'scheme/demo:0.1.0')).toBe(ok.digest);
  });

  it('a wrong password is REGISTRY_UNAUTHORIZED with a "refused, check them" hint, for login and for publish', async () => {
    const dir = await fx.copy();
    const env = { DOCKER_CONFIG: await dockerConfig() };
    const login = await run(
      'login wrong password',
      ['login', registry.host, '-u', registry.username!, '--password-stdin', '--ca-file', registry.caFile!, '--json'],
      { cwd: dir, env, input: WRONG_PASSWORD },
    );
    expect(login.code).toBe(1);
    expect(login.json().error).toMatchObject({ code: 'REGISTRY_UNAUTHORIZED' });
    expect(login.json().error.message).toMatch(/rejected the username or password/);
    const publish = await run(
      'publish wrong password --verbose',
      ['publish', '--registry', registry.host, '--ca-file', registry.caFile!, '--verbose'],
      {
        cwd: dir,
        env: { ...env, HPLUGIN_REGISTRY_USERNAME: registry.username!, HPLUGIN_REGISTRY_PASSWORD: WRONG_PASSWORD },
      },
    );
    expect(publish.code).toBe(1);
    expect(publish.stderr).toContain('error[REGISTRY_UNAUTHORIZED]');
    expect(publish.stderr).toMatch(
      /hint: The registry refused the credentials sent for .*check the user name and the password or token, or use hplugin login/,
    );
    expect(publish.stderr).not.toMatch(/No credentials were found/);
  });

  it('secrets found: 0 — no password, Basic credential or token in any output or in any file hplugin wrote except config.json', async () => {
    const report = await audit.scan([fx.root]);
    console.log(`[publish-tls] secrets found: ${report.found.length} (${audit.runs} hplugin runs, ${report.files} files scanned)`);
    expect(report.found).toEqual([]);
    expect(audit.runs).toBeGreaterThanOrEqual(10);
    expect(report.files).toBeGreaterThan(10);
  });
});
