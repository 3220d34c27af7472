import { relative } from 'node:path';
import { formatBytes, UsageError } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { RegistryClientOptions } from '@hplugin/oci';
import {
  checkRepositoryOverride,
  parsePublishTarget,
  repositoryFor,
  runPublish,
  wantsMany,
  type PublishStageResult,
  type PublishTarget,
} from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import { connection } from '../common/connection.js';
import { runStage } from '../common/many-run.js';
import type { SupplyChainPublishResult } from '../common/supply-chain.js';
import type { PublishArgs } from './spec.js';

// The supply-chain code (keys, signatures, SBOMs) loads only when a flag or the config asks for it.
const supplyChain = () => import('../common/supply-chain.js');

function describePublish(r: PublishStageResult, config: ResolvedPluginConfig, ctx: Context): string {
  if (r.target === 'local') {
    const dir = relative(ctx.cwd, r.layoutDir) || '.';
    return [
      `✓ Published ${config.name} to the local OCI layout ${dir} (tags ${r.tags.join(', ')})`,
      `  digest ${r.digest}`,
      '',
      'No registry is configured, so nothing left this machine. To push it:',
      `  hplugin publish --registry <host>[/<namespace>]       or set publish.registry in hplugin.config.yaml`,
      `  oras cp --from-oci-layout ${dir}:${r.tags[0]} <registry>/<repository>:${r.tags[0]}`,
    ].join('\n');
  }
  const p = r.publish!;
  const head =
    p.status === 'unchanged'
      ? `✓ ${p.reference} is already up to date (same digest under ${p.tags.join(', ')}); nothing uploaded`
      : p.status === 'dry-run'
        ? `Dry run: would push ${p.reference} (${p.pushed.length} blobs, ${formatBytes(p.pushed.reduce((n, d) => n + d.size, 0))}; ${p.skipped.length} already there); tags ${Object.entries(
            p.tagStates,
          )
            .map(([t, s]) => `${t} (${s})`)
            .join(', ')}`
        : `✓ Pushed ${p.reference} (${p.pushed.length} blobs uploaded, ${formatBytes(p.bytesUploaded)}; ${p.skipped.length} already there${p.mounted.length ? `; ${p.mounted.length} mounted` : ''})`;
  return [
    head,
    `  digest ${p.digest}`,
    `  tags   ${p.tags.join(', ')}`,
    '',
    '# Apply to Higress (sha256 is the manifest digest):',
    r.wasmPlugin!.trimEnd(),
    '',
    `# Console plugins.properties: ${r.pluginsProperties}`,
  ].join('\n');
}

function refuseSharedRepositories(
  configs: ResolvedPluginConfig[],
  target: PublishTarget | undefined,
  repository: string | undefined,
): void {
  const owners = new Map<string, string[]>();
  for (const cfg of configs) {
    const configTarget = !target && cfg.publish.registry ? parsePublishTarget(cfg.publish.registry, 'publish.registry') : undefined;
    const host = target?.host ?? configTarget?.host ?? '(local layout)';
    if (host === '(local layout)') continue;
    const where = `${host}/${repositoryFor(cfg, { ...(target ? { target } : {}), ...(repository ? { repository } : {}) }, configTarget).repository}`;
    owners.set(where, [...(owners.get(where) ?? []), cfg.name]);
  }
  const shared = [...owners].filter(([, names]) => names.length > 1);
  if (shared.length === 0) return;
  throw new UsageError(
    'PUBLISH_REPOSITORY_SHARED',
    `${shared.map(([where, names]) => `${names.join(', ')} would all push to ${where}`).join('; ')}, each overwriting the last.`,
    {
      hint: 'Give each plugin its own repository: pass a namespace (--registry host/my-org → my-org/<name>), or set publish.repository per plugin rather than in the workspace root config.',
      details: { shared: Object.fromEntries(shared) },
    },
  );
}

/**
 * --registry, then HPLUGIN_REGISTRY (CI sets it per environment), parsed here, once, into the typed
 * target every later layer uses; publish.registry in a plugin's config is the fallback.
 */
function runTarget(args: PublishArgs, ctx: Context): PublishTarget | undefined {
  if (args.registry) return parsePublishTarget(args.registry, '--registry');
  const env = ctx.io.env.HPLUGIN_REGISTRY;
  return env ? parsePublishTarget(env, 'HPLUGIN_REGISTRY') : undefined;
}

function describeSupplyChainLines(r: SupplyChainPublishResult, ctx: Context): string {
  const lines: string[] = [];
  if (r.sbom)
    lines.push(
      `✓ SBOM (${r.sbom.format}, ${r.sbom.components} components) ${relative(ctx.cwd, r.sbom.path)} attached as ${r.sbom.digest?.slice(0, 19)} (${r.sbom.mode === 'api' ? 'referrers API' : `referrers tag ${r.sbom.tag}`})`,
    );
  if (r.signature)
    lines.push(`✓ Signed: ${r.signature.tag} (${r.signature.signatures} signature${r.signature.signatures === 1 ? '' : 's'})`);
  return lines.join('\n');
}

/** A flag's value refused with the flag named, so the user knows which of several to fix. */
function badFlag(flag: string, value: string, err: unknown): never {
  const { message, hint } = err as { message: string; hint?: string };
  throw new UsageError('REF_INVALID', `${flag} ${JSON.stringify(value)}: ${message.replace(/^Invalid reference "[^"]*": /, '')}`, {
    ...(hint ? { hint } : {}),
    details: { flag, value },
  });
}

/**
 * Every --tag is checked before anything is built or packaged: a typo must not cost a cold build
 * first. (--registry is parsed by runTarget and --repository by checkRepositoryOverride, likewise.)
 */
async function validatePublishFlags(args: PublishArgs): Promise<void> {
  if (!args.tag?.length) return;
  // The OCI client's entry loads only when there is a tag to check (16-18 ms before go starts otherwise).
  const { assertTag } = await import('@hplugin/oci');
  for (const tag of args.tag) {
    try {
      assertTag(tag);
    } catch (err) {
      badFlag('--tag', tag, err);
    }
  }
}

export async function publishCmd(args: PublishArgs, ctx: Context): Promise<CommandResult> {
  const target = runTarget(args, ctx);
  await validatePublishFlags(args);
  checkRepositoryOverride(args.repository, wantsMany(args));
  const wantsSupplyChain = args.sbom !== undefined || args.sign !== undefined || args.key !== undefined;
  const keyPath = wantsSupplyChain ? (await supplyChain()).requireKey(args.sign, args.key, '--sign') : undefined;
  // The one plugin's result and connection, for the no-change record (see publish-record.ts).
  let single:
    | { r: PublishStageResult & { supplyChain?: SupplyChainPublishResult }; config: ResolvedPluginConfig; conn: RegistryClientOptions }
    | undefined;
  const result = await runStage<PublishStageResult & { supplyChain?: SupplyChainPublishResult }>(args, ctx, {
    verb: 'publish',
    // Two plugins resolving to one repository (e.g. a publish.repository in the workspace root
    // config) would overwrite each other's tags: refuse before anything is built.
    preflight: (configs) => refuseSharedRepositories(configs, target, args.repository),
    digestHeader: 'manifest digest',
    ...(args.version ? { version: args.version } : {}),
    run: async (config, reporter) => {
      const conn = connection(args, ctx, config, target?.input ?? config.publish.registry);
      const r = await runPublish(config, {
        reporter,
        ...(target ? { target } : {}),
        signal: ctx.signal,
        ...(args.repository ? { repository: args.repository } : {}),
        ...(args.tag?.length ? { tags: args.tag } : {}),
        ...(args.dryRun ? { dryRun: true } : {}),
        ...(args.force ? { force: true } : {}),
        ...(args.strict !== undefined ? { strict: args.strict } : {}),
        connection: conn,
      });
      if (!wantsSupplyChain && config.package.sbom === 'none') {
        single = { r, config, conn };
        return r;
      }
      return (await supplyChain()).supplyChainAfterPublish(
        r,
        config,
        { sbom: args.sbom, keyPath, dryRun: Boolean(args.dryRun), connection: conn },
        ctx,
        reporter,
      );
    },
    summary: (r) => ({
      status:
        r.target === 'local'
          ? 'local layout'
          : r.publish!.status === 'pushed'
            ? `pushed ${formatBytes(r.publish!.bytesUploaded)}`
            : r.publish!.status,
      cached: r.build.cached,
      size: formatBytes(r.package.layers.reduce((n, l) => n + l.size, 0)),
      digest: r.digest.slice(0, 19),
    }),
    single: (r, config) => ({
      data: {
        plugin: config.name,
        version: config.version,
        target: r.target,
        layoutDir: r.layoutDir,
        digest: r.digest,
        tags: r.tags,
        url: r.url ?? null,
        publish: r.publish ?? null,
        wasmPlugin: r.wasmPlugin ?? null,
        supplyChain: r.supplyChain ?? null,
      },
      text: describePublish(r, config, ctx) + (r.supplyChain ? `\n${describeSupplyChainLines(r.supplyChain, ctx)}` : ''),
    }),
  });
  if (single && !wantsMany(args))
    await (await import('./record.js')).rememberUnchangedPublish(ctx, result, single.r, single.config, single.conn);
  return result;
}
