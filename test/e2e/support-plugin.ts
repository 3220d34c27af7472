/**
 * Plugin fixtures for the publish e2e suites: scaffold and build ONE plugin per test file (the Go
 * build is the slow part), then give every test its own copy, so a test that edits the source or
 * the layout never disturbs another.
 *
 *   const fx = await scaffoldPlugin('demo');   // beforeAll: hplugin new + build, in a temp root
 *   const dir = await fx.copy();               // per test: a fresh folder with dist/ already built
 *   fx.env                                     // HPLUGIN_CACHE_DIR (shared) + an empty DOCKER_CONFIG
 *   await fx.cleanup();                        // afterAll
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { hplugin, type CliResult } from '../support/cli.js';

export interface PluginFixture {
  /** Temp folder holding everything this file writes: plugin copies, caches, docker configs, pulls. */
  root: string;
  name: string;
  /** The scaffolded and built plugin; tests use copies. */
  template: string;
  /** Environment for every hplugin run: the file's build cache and a docker config of its own. */
  env: NodeJS.ProcessEnv;
  dockerConfig: string;
  copy(): Promise<string>;
  /** A fresh empty folder under root. */
  tempDir(prefix: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Fails with the CLI's own words, so a broken step says why. */
export function expectOk(result: CliResult, what: string): CliResult {
  expect(result.code, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

export async function scaffoldPlugin(
  name: string,
  options: { template?: string; prepare?: (dir: string) => Promise<void> } = {},
): Promise<PluginFixture> {
  const root = await mkdtemp(join(tmpdir(), `hplugin-e2e-${name}-`));
  const dockerConfig = join(root, 'docker-config');
  await mkdir(dockerConfig);
  await mkdir(join(root, 'tmp'));
  // Everything hplugin writes (caches, temp files, docker config) lands under root, where the
  // secret audit looks; HPLUGIN_REGISTRY* from the outer environment must not leak credentials in.
  const env: NodeJS.ProcessEnv = {
    HPLUGIN_CACHE_DIR: join(root, 'cache'),
    DOCKER_CONFIG: dockerConfig,
    TMPDIR: join(root, 'tmp'),
    HPLUGIN_REGISTRY_USERNAME: '',
    HPLUGIN_REGISTRY_PASSWORD: '',
    HPLUGIN_REGISTRY: '',
  };
  const args = ['new', name, '--yes', ...(options.template ? ['--template', options.template] : [])];
  expectOk(await hplugin(args, { cwd: root, env }), 'hplugin new');
  const template = join(root, name);
  await options.prepare?.(template);
  expectOk(await hplugin(['build'], { cwd: template, env }), 'hplugin build');
  let copies = 0;
  const tempDir = async (prefix: string) => mkdtemp(join(root, `${prefix}-`));
  return {
    root,
    name,
    template,
    env,
    dockerConfig,
    tempDir,
    // The folder keeps the plugin's name, which is where the plugin's default name comes from.
    copy: async () => {
      const dir = join(root, `copy-${++copies}`, name);
      await cp(template, dir, { recursive: true });
      return dir;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
