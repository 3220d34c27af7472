/**
 * After a full `hplugin publish` of one plugin that found every tag already at its digest, write
 * the record the next identical command replays (see ../publish-replay.ts). Only for output a
 * replay reproduces exactly and for connections it makes the same way (no client TLS settings,
 * no proxy); a version from git tags is not recorded (a new tag would not change any stat).
 */
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { defaultCacheDir } from '@hplugin/core';
import { MANIFEST_ACCEPT, schemeFor, type RegistryClientOptions } from '@hplugin/oci';
import { recordUnchangedPublish, type PublishStageResult } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import { printResult } from '../../output.js';
import { cliCodeFiles } from '../../publish-replay.js';

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'];

function rendered(ctx: Context, result: CommandResult): string {
  const chunks: Buffer[] = [];
  const capture = new PassThrough();
  capture.on('data', (c: Buffer) => chunks.push(c));
  printResult({ ...ctx, io: { ...ctx.io, stdout: capture } }, result);
  return Buffer.concat(chunks).toString('utf8');
}

export async function rememberUnchangedPublish(
  ctx: Context,
  result: CommandResult,
  r: PublishStageResult & { supplyChain?: unknown },
  config: ResolvedPluginConfig,
  conn: RegistryClientOptions,
): Promise<void> {
  const p = r.publish;
  if (!ctx.replayKey || (result.exitCode ?? 0) !== 0 || r.target !== 'registry' || !p || p.status !== 'unchanged' || r.supplyChain) return;
  if (ctx.color || conn.insecure || conn.caFile || conn.certFile || conn.keyFile) return;
  if (PROXY_VARS.some((v) => ctx.io.env[v]) || (config.sources.version ?? '').startsWith('git') || config.build.optimize) return;
  if (p.registry === 'docker.io' || !r.build.toolchain.path) return;
  const scheme = schemeFor(p.registry, conn.plainHttp);
  const silenced = new Set([...ctx.silence, ...(config.silenceWarnings ?? [])]);
  const cacheDir = defaultCacheDir(ctx.io.env);
  const outcome = await recordUnchangedPublish({
    cacheDir,
    key: ctx.replayKey,
    pluginDir: config.pluginDir,
    outputs: [r.build.wasmPath, join(r.layoutDir, 'index.json'), join(r.layoutDir, 'blobs', 'sha256', r.digest.replace(/^sha256:/, ''))],
    excludedDirs: [join(config.pluginDir, 'dist'), r.layoutDir, cacheDir],
    toolchainPath: r.build.toolchain.path,
    extraFiles: [config.package.readme, ...Object.values(config.package.readmes), config.package.spec, config.package.icon]
      .filter((f): f is string => Boolean(f))
      .map((f) => resolve(config.pluginDir, f)),
    codeFiles: cliCodeFiles(),
    env: ctx.io.env,
    remote: {
      urls: p.tags.map((t) => `${scheme}://${p.registry}/v2/${p.repository}/manifests/${t}`),
      accept: MANIFEST_ACCEPT,
      digest: p.digest,
    },
    stdout: rendered(ctx, result),
    warnings: ctx.reporter.warnings.filter((w) => !w.code || !silenced.has(w.code)).map((w) => w.message),
    summary: `✓ ${config.name}:${config.version} unchanged since its last publish, and ${p.tags.join(', ')} still at ${p.digest.slice(0, 19)} in ${p.registry}/${p.repository}: nothing built, packaged or uploaded`,
  });
  ctx.reporter.debug(
    outcome.recorded ? 'remembered this publish for the no-change fast path' : `no fast path for the next publish: ${outcome.reason}`,
  );
}
