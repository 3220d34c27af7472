import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { HpluginError, UsageError } from '@hplugin/core';
import type { GatewayVerdict } from '@hplugin/artifact';
import { headManifest, parseReference, RegistryClient } from '@hplugin/oci';
import type { ResolvedMetadata } from '@hplugin/metadata';
import { parsePublishTarget, readPackagedMetadata, readRemoteMetadata, repositoryFor, resolveTargets } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import { connection } from '../common/connection.js';
import { verifiedFirst } from '../common/verify-first.js';
import type { ManifestArgs } from './spec.js';

// Loaded only on the path that needs them: a local folder needs no registry code, a reference no layout code.
const artifact = () => import('@hplugin/artifact');
const publishLib = () => import('@hplugin/publish');
const metadataLib = () => import('@hplugin/metadata');

/** A WasmPlugin pinned to an artifact the gateway rejects fails on every gateway: refuse, unless forced. */
function refuseUnloadable(verdict: GatewayVerdict, what: string, inspectTarget: string, force: boolean | undefined): void {
  if (verdict.ok || force) return;
  throw new HpluginError(
    'MANIFEST_GATEWAY_WOULD_REJECT',
    `Not writing a WasmPlugin for ${what}: a Higress gateway would reject it. ${verdict.reason}`,
    {
      hint: `\`hplugin inspect ${inspectTarget}\` lists every problem; pass --force to print the resource anyway.`,
      details: { verdict },
    },
  );
}

export async function manifestCmd(args: ManifestArgs, ctx: Context): Promise<CommandResult> {
  const asDir = args.target === undefined || existsSync(resolve(ctx.cwd, args.target));
  if (asDir && (args.verify || args.key)) {
    throw new UsageError(
      'MANIFEST_VERIFY_NEEDS_REFERENCE',
      '--verify checks a signature in a registry, and the target is a local plugin folder.',
      { hint: 'Pass the registry reference: hplugin manifest <registry>/<repo>:<tag> --verify --key cosign.pub.' },
    );
  }
  const verified = asDir ? undefined : await verifiedFirst(args, ctx, args.target!);
  let name: string;
  let url: string;
  let digest: string;
  let metadata: ResolvedMetadata | undefined;
  if (asDir) {
    const cfg = (await resolveTargets({ cwd: resolve(ctx.cwd, args.target ?? '.') })).plugins[0]!.config;
    // The packaged spec layer is the plugin's resolved metadata: phase, priority, failStrategy.
    const local = await readPackagedMetadata(cfg, ctx.reporter);
    if (!local) {
      throw new UsageError(
        'MANIFEST_NOT_PACKAGED',
        `${cfg.name}:${cfg.version} is not packaged yet, so there is no manifest digest to pin.`,
        { hint: 'Run `hplugin package` (or `hplugin publish`) first.' },
      );
    }
    name = cfg.name;
    // What the gateway pins: the image it loads (for an index, its linux/amd64 child), checked first.
    const checked = await (await artifact()).inspectLayout(cfg.package.output, cfg.version);
    refuseUnloadable(checked.verdict, `${cfg.name}:${cfg.version}`, relative(ctx.cwd, cfg.package.output) || '.', args.force);
    digest = checked.verdict.pinned?.digest ?? local.digest;
    metadata = local.metadata;
    // The same parse and repository rule as publish, so the URL is where publish puts it.
    const configTarget = cfg.publish.registry ? parsePublishTarget(cfg.publish.registry, 'publish.registry') : undefined;
    url = `oci://${configTarget?.host ?? '<registry>'}/${repositoryFor(cfg, {}, configTarget).repository}:${cfg.publish.tags[0] ?? cfg.version}`;
  } else {
    const ref = parseReference(args.target!);
    const client = new RegistryClient(ref.registry, connection(args, ctx, undefined, ref.registry));
    try {
      // Verified: the digest whose signature was checked, not whatever the tag says a moment later.
      const found = await headManifest(client, ref.repository, verified?.digest ?? ref.digest ?? ref.tag ?? 'latest');
      if (!found)
        throw new UsageError('MANIFEST_NOT_FOUND', `${args.target} does not exist in the registry.`, {
          hint: 'Check the reference, or publish first.',
        });
      // Pin what the gateway will compute: the image it loads (an index's linux/amd64 child), checked first.
      const inspected = await (
        await publishLib()
      ).inspectRemote(`${ref.registry}/${ref.repository}@${found.digest}`, connection(args, ctx, undefined, ref.registry));
      refuseUnloadable(inspected.verdict, args.target!, args.target!, args.force);
      digest = inspected.verdict.pinned?.digest ?? inspected.descriptor.digest;
      // The published spec layer records the plugin's resolved metadata (phase, priority, category).
      metadata = await readRemoteMetadata(client, ref.repository, digest, args.target!);
    } finally {
      await client.close();
    }
    name = ref.repository.split('/').pop()!;
    url = `oci://${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : `@${ref.digest}`}`;
  }
  const { renderWasmPlugin, renderPluginsProperties } = await metadataLib();
  const wasmPlugin = renderWasmPlugin({
    name,
    url,
    manifestDigest: digest,
    ...(args.namespace ? { namespace: args.namespace } : {}),
    ...(args.pullSecret ? { imagePullSecret: args.pullSecret } : {}),
    ...(args.matchRules ? { matchRules: true } : {}),
    ...(metadata ? { metadata } : {}),
  });
  const properties = renderPluginsProperties({ name, url });
  return {
    data: { name, url, digest, wasmPlugin, pluginsProperties: properties, ...(metadata ? { metadata } : {}) },
    text: `${wasmPlugin.trimEnd()}\n---\n# plugins.properties\n# ${properties}`,
  };
}
