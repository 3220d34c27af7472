/**
 * `hplugin publish` against a real registry with token auth (the harness's JWT issuer): credentials
 * from HPLUGIN_REGISTRY_USERNAME/PASSWORD, a pull-only user, and a token that expires in the middle
 * of a push (a fault proxy stalls the manifest PUT past the token's lifetime).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, startFaultProxy, startRegistry, type FaultProxy, type RegistryHandle, type RegistryUser } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';
import { listTags, registryDigest } from './support-registry.js';
import { SecretAudit } from './support-secrets.js';

let registry: RegistryHandle;
let fx: PluginFixture;
const audit = new SecretAudit();

beforeAll(async () => {
  [registry, fx] = await Promise.all([startRegistry({ auth: 'token' }), scaffoldPlugin('demo')]);
  audit.addCredential(registry.username!, registry.password!);
  audit.addCredential(registry.readOnly!.username, registry.readOnly!.password);
});

afterAll(async () => {
  await registry?.stop();
  await fx?.cleanup();
});

const credentials = (user: RegistryUser) => ({ HPLUGIN_REGISTRY_USERNAME: user.username, HPLUGIN_REGISTRY_PASSWORD: user.password });
const pushUser = () => ({ username: registry.username!, password: registry.password! });

async function run(label: string, args: string[], cwd: string, user: RegistryUser) {
  return audit.record(label, await hplugin(args, { cwd, env: { ...fx.env, ...credentials(user) } }));
}

describe('token auth (Bearer, harness issuer)', () => {
  it('publishes with HPLUGIN_REGISTRY_USERNAME/PASSWORD; the issuer granted that user push', async () => {
    const dir = await fx.copy();
    registry.issuer!.resetStats();
    const res = expectOk(
      await run('publish --json', ['publish', '--registry', registry.host, '--json'], dir, pushUser()),
      'publish',
    ).json();
    expect(res.publish.status).toBe('pushed');
    expect(await registryDigest(registry, 'plugins/demo:0.1.0')).toBe(res.digest);
    const pushGrants = registry.issuer!.log.filter(
      (r) => r.username === registry.username && r.granted.some((g) => g.actions.includes('push')),
    );
    expect(pushGrants.length).toBeGreaterThan(0);

    const verbose = expectOk(
      await run(
        'publish --verbose',
        ['publish', '--registry', registry.host, '--repository', 'verbose/demo', '--verbose'],
        dir,
        pushUser(),
      ),
      'verbose publish',
    );
    expect(verbose.stderr).toContain('got a token');
    expect(await registryDigest(registry, 'verbose/demo:0.1.0')).toBe(res.digest);
  });

  it('a pull-only user can inspect but not publish: REGISTRY_UNAUTHORIZED with a hint, and no tag appears', async () => {
    const dir = await fx.copy();
    const source = expectOk(
      await run(
        'publish (push user)',
        ['publish', '--registry', registry.host, '--repository', 'readable/demo', '--json'],
        dir,
        pushUser(),
      ),
      'publish',
    ).json();
    const inspected = await run(
      'inspect (read-only)',
      ['inspect', `${registry.host}/readable/demo:0.1.0`, '--json'],
      dir,
      registry.readOnly!,
    );
    expect(inspected.code).toBe(0);
    expect(inspected.json().descriptor.digest).toBe(source.digest);

    for (const args of [['--json'], ['--verbose']]) {
      const res = await run(
        `publish (read-only) ${args[0]}`,
        ['publish', '--registry', registry.host, '--repository', 'readonly/demo', ...args],
        dir,
        registry.readOnly!,
      );
      expect(res.code).toBe(1);
      if (args[0] === '--json') {
        const error = res.json().error;
        expect(error.code).toBe('REGISTRY_UNAUTHORIZED');
        expect(error.hint).toMatch(/hplugin login|HPLUGIN_REGISTRY_USERNAME/);
      } else {
        expect(res.stderr).toMatch(/error\[REGISTRY_UNAUTHORIZED\][\s\S]*\nhint: /);
      }
    }
    expect(await listTags(registry, 'readonly/demo')).toEqual([]);
  });

  it("tokens shorter-lived than the client's renewal margin (1 s) still get a whole push through", async () => {
    const dir = await fx.copy();
    registry.issuer!.setExpiresIn(1);
    try {
      registry.issuer!.resetStats();
      const res = expectOk(
        await run(
          'publish with 1 s tokens',
          ['publish', '--registry', registry.host, '--repository', 'short/demo', '--json'],
          dir,
          pushUser(),
        ),
        'publish',
      ).json();
      expect(res.publish.status).toBe('pushed');
      expect(registry.issuer!.stats.issued).toBeGreaterThan(1);
      expect(await registryDigest(registry, 'short/demo:0.1.0')).toBe(res.digest);
    } finally {
      registry.issuer!.setExpiresIn(60);
    }
  });

  it('a token that expires mid-push (6 s lifetime, the manifest PUT stalled 7 s) is renewed and the push succeeds', async () => {
    const dir = await fx.copy();
    let proxy: FaultProxy | undefined;
    // The client renews 5 s early, so a 6 s token is used only in its first second; a 7 s stall
    // then delivers it to the registry expired, whatever the timing.
    registry.issuer!.setExpiresIn(6);
    try {
      proxy = await startFaultProxy({
        target: registry,
        plan: { rules: [{ ...ROUTES.manifestPut, fault: { type: 'stall', ms: 7000 }, times: 1 }] },
      });
      registry.issuer!.resetStats();
      const before = (registry.output().match(/invalid token/g) ?? []).length;
      const res = expectOk(
        await run(
          'publish through a stall',
          ['publish', '--registry', proxy.host, '--repository', 'expiring/demo', '--json'],
          dir,
          pushUser(),
        ),
        'publish',
      ).json();
      expect(res.publish.status).toBe('pushed');
      expect(proxy.stats.byType.stall).toBe(1);
      // The registry refused the stalled PUT's expired token; a fresh token carried the retry.
      expect((registry.output().match(/invalid token/g) ?? []).length).toBeGreaterThan(before);
      expect(proxy.stats.log.filter((l) => l.method === 'PUT' && ROUTES.manifestPut.path.test(l.path)).length).toBe(2);
      expect(registry.issuer!.stats.issued).toBeGreaterThan(1);
      expect(await registryDigest(registry, 'expiring/demo:0.1.0')).toBe(res.digest);
    } finally {
      registry.issuer!.setExpiresIn(60);
      await proxy?.stop();
    }
  });

  it('secrets found: 0 — no password, Basic credential or token in any output or written file', async () => {
    const report = await audit.scan([fx.root]);
    console.log(`[publish-token] secrets found: ${report.found.length} (${audit.runs} hplugin runs, ${report.files} files scanned)`);
    expect(report.found).toEqual([]);
    expect(audit.runs).toBeGreaterThanOrEqual(7);
  });
});
