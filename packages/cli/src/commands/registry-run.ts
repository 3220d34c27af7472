import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatBytes, UsageError } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { inspectLayout, type GatewayVerdict } from '@hplugin/artifact';
import { assertTag, headManifest, login, logout, parseReference, RegistryClient } from '@hplugin/oci';
import { inspectRemote, pullPlugin } from '@hplugin/publish';
import { renderPluginsProperties, renderWasmPlugin } from '@hplugin/metadata';
import { renderTable, resolveTargets, runPackage, runPublish, type PackageStageResult, type PublishStageResult } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../context.js';
import { runStage } from './many-run.js';
import type { ConnectionArgs } from './shared.js';
import { connection } from './connection.js';
import type { LoginArgs, PackageArgs, PublishArgs, PullArgs } from './registry.js';

function layerTable(layers: Array<{ title?: string; mediaType: string; digest: string; size: number }>): string {
  return renderTable(
    ['file', 'media type', 'size', 'digest'],
    layers.map((l) => [l.title ?? '-', l.mediaType, formatBytes(l.size), l.digest.slice(0, 19)]),
  );
}

function verdictLine(v: GatewayVerdict): string {
  return v.ok ? `✓ gateway: ${v.reason}` : `✗ gateway would reject it: ${v.reason}${v.problems.length > 1 ? `\n  - ${v.problems.slice(1).join('\n  - ')}` : ''}`;
}

export async function packageCmd(args: PackageArgs, ctx: Context): Promise<CommandResult> {
  return runStage<PackageStageResult>(args, ctx, {
    verb: 'package',
    run: (config, reporter) => runPackage(args.format ? { ...config, package: { ...config.package, format: args.format } } : config, { reporter, signal: ctx.signal }),
    summary: (r) => ({ status: 'packaged', cached: r.build.cached, size: formatBytes(r.package.layers.reduce((n, l) => n + l.size, 0)), digest: r.package.manifestDigest.slice(0, 19) }),
    single: (r, config) => ({
      data: { plugin: config.name, version: config.version, build: r.build, package: r.package },
      text: [
        `✓ Packaged ${config.name}:${config.version} (${r.package.format}) into ${relative(ctx.cwd, r.package.layoutDir) || '.'}`,
        `  digest ${r.package.manifestDigest}`,
        '',
        layerTable(r.package.layers),
        '',
        verdictLine(r.package.verdict),
        `\nNext: hplugin publish${config.publish.registry ? '' : ' --registry <host>'}   (or: oras cp --from-oci-layout ${relative(ctx.cwd, r.package.layoutDir) || '.'}:${config.version} <ref>)`,
      ].join('\n'),
    }),
  });
}

function describePublish(r: PublishStageResult, config: ResolvedPluginConfig, ctx: Context): string {
  if (r.target === 'local') {
    const dir = relative(ctx.cwd, r.layoutDir) || '.';
    return [
      `✓ Published ${config.name} to the local OCI layout ${dir} (tags ${r.tags.join(', ')})`,
      `  digest ${r.digest}`,
      '',
      'No registry is configured, so nothing left this machine. To push it:',
      `  hplugin publish --registry <host>[/<repository>]      or set publish.registry in hplugin.config.yaml`,
      `  oras cp --from-oci-layout ${dir}:${r.tags[0]} <registry>/<repository>:${r.tags[0]}`,
    ].join('\n');
  }
  const p = r.publish!;
  const head =
    p.status === 'unchanged'
      ? `✓ ${p.reference} is already up to date (same digest under ${p.tags.join(', ')}); nothing uploaded`
      : p.status === 'dry-run'
        ? `Dry run: would push ${p.reference} (${p.pushed.length} blobs, ${formatBytes(p.pushed.reduce((n, d) => n + d.size, 0))}; ${p.skipped.length} already there); tags ${Object.entries(p.tagStates).map(([t, s]) => `${t} (${s})`).join(', ')}`
        : `✓ Pushed ${p.reference} (${p.pushed.length} blobs uploaded, ${formatBytes(p.bytesUploaded)}; ${p.skipped.length} already there${p.mounted.length ? `; ${p.mounted.length} mounted` : ''})`;
  return [head, `  digest ${p.digest}`, `  tags   ${p.tags.join(', ')}`, '', '# Apply to Higress (sha256 is the manifest digest):', r.wasmPlugin!.trimEnd(), '', `# Console plugins.properties: ${r.pluginsProperties}`].join('\n');
}

/** --registry, then HPLUGIN_REGISTRY (CI sets it per environment), then publish.registry in the config. */
function registryFor(args: PublishArgs, ctx: Context): string | undefined {
  return args.registry ?? (ctx.io.env.HPLUGIN_REGISTRY || undefined);
}

/** A flag's value refused with the flag named, so the user knows which of several to fix. */
function badFlag(flag: string, value: string, err: unknown): never {
  const { message, hint } = err as { message: string; hint?: string };
  throw new UsageError('REF_INVALID', `${flag} ${JSON.stringify(value)}: ${message.replace(/^Invalid reference "[^"]*": /, '')}`, { ...(hint ? { hint } : {}), details: { flag, value } });
}

/**
 * --tag, --repository and --registry are checked before anything is built or packaged: a typo must
 * not cost a cold build first. The registry decides the rest (auth, existence) when it is asked.
 */
function validatePublishFlags(args: PublishArgs, registry: string | undefined): void {
  for (const tag of args.tag ?? []) {
    try {
      assertTag(tag);
    } catch (err) {
      badFlag('--tag', tag, err);
    }
  }
  if (args.repository !== undefined) {
    try {
      // Any valid host will do: only the repository part is being checked.
      parseReference(`registry.invalid/${args.repository}`);
    } catch (err) {
      badFlag('--repository', args.repository, err);
    }
  }
  if (registry !== undefined) {
    const bare = registry.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
    try {
      parseReference(bare.includes('/') ? bare : `${bare}/x`);
    } catch (err) {
      badFlag(args.registry !== undefined ? '--registry' : 'HPLUGIN_REGISTRY', registry, err);
    }
  }
}

export async function publishCmd(args: PublishArgs, ctx: Context): Promise<CommandResult> {
  validatePublishFlags(args, registryFor(args, ctx));
  return runStage<PublishStageResult>(args, ctx, {
    verb: 'publish',
    run: (config, reporter) =>
      runPublish(config, {
        reporter,
        signal: ctx.signal,
        ...(registryFor(args, ctx) ? { registry: registryFor(args, ctx)! } : {}),
        ...(args.repository ? { repository: args.repository } : {}),
        ...(args.tag?.length ? { tags: args.tag } : {}),
        ...(args.dryRun ? { dryRun: true } : {}),
        ...(args.force ? { force: true } : {}),
        connection: connection(args, ctx, config, registryFor(args, ctx) ?? config.publish.registry),
      }),
    summary: (r) => ({
      status: r.target === 'local' ? 'local layout' : r.publish!.status === 'pushed' ? `pushed ${formatBytes(r.publish!.bytesUploaded)}` : r.publish!.status,
      cached: r.build.cached,
      size: formatBytes(r.package.layers.reduce((n, l) => n + l.size, 0)),
      digest: r.digest.slice(0, 19),
    }),
    single: (r, config) => ({
      data: { plugin: config.name, version: config.version, target: r.target, layoutDir: r.layoutDir, digest: r.digest, tags: r.tags, url: r.url ?? null, publish: r.publish ?? null, wasmPlugin: r.wasmPlugin ?? null },
      text: describePublish(r, config, ctx),
    }),
  });
}

/** A local layout is "dir" or "dir:tag" where dir exists; anything else is a registry reference. */
function localLayout(target: string, cwd: string): { dir: string; tag?: string } | undefined {
  const colon = target.lastIndexOf(':');
  for (const [dir, tag] of [[target, undefined], colon > 0 ? [target.slice(0, colon), target.slice(colon + 1)] : [undefined, undefined]] as const) {
    if (dir && existsSync(resolve(cwd, dir)) && statSync(resolve(cwd, dir)).isDirectory()) return { dir: resolve(cwd, dir), ...(tag ? { tag } : {}) };
  }
  return undefined;
}

export async function inspectCmd(args: ConnectionArgs & { target: string }, ctx: Context): Promise<CommandResult> {
  const local = localLayout(args.target, ctx.cwd);
  const result = local
    ? { where: local.dir, ...(await inspectLayout(local.dir, local.tag)) }
    : { where: args.target, ...(await inspectRemote(args.target, connection(args, ctx))) };
  const text = [`${args.target}  ${result.descriptor.digest}  (${result.descriptor.mediaType})`, '', layerTable(result.layers), '', verdictLine(result.verdict)].join('\n');
  return { exitCode: result.verdict.ok ? 0 : 1, data: { target: args.target, descriptor: result.descriptor, layers: result.layers, verdict: result.verdict, manifest: result.manifest }, text };
}

export async function pullCmd(args: PullArgs, ctx: Context): Promise<CommandResult> {
  const outDir = resolve(ctx.cwd, args.output ?? '.');
  const result = await pullPlugin({
    ...connection(args, ctx),
    reference: args.reference,
    outDir,
    ...(args.ociLayout ? { layoutDir: resolve(ctx.cwd, args.ociLayout), layoutTag: parseReference(args.reference).tag ?? 'latest' } : {}),
  });
  const files = result.files.map((f) => `  ${relative(ctx.cwd, f.path) || f.path}  ${formatBytes(f.size)}`);
  return {
    exitCode: 0,
    data: { ...result },
    text: [`✓ Pulled ${result.reference}`, ...files, verdictLine(result.verdict)].join('\n'),
  };
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

export async function loginCmd(args: LoginArgs, ctx: Context): Promise<CommandResult> {
  let username = args.username ?? ctx.io.env.HPLUGIN_REGISTRY_USERNAME;
  let password: string | undefined;
  if (args.passwordStdin) password = await readStdin(ctx.io.stdin);
  else if (ctx.interactive) {
    const { input, password: ask } = await import('@inquirer/prompts');
    username ??= await input({ message: `Username for ${args.registry}:` });
    password = await ask({ message: 'Password or token:', mask: '*' });
  } else password = ctx.io.env.HPLUGIN_REGISTRY_PASSWORD;
  if (!username || !password) {
    throw new UsageError('LOGIN_CREDENTIALS_MISSING', `No ${!username ? 'username' : 'password'} for ${args.registry}, and this is not an interactive terminal to ask on.`, {
      hint: `Pass -u <user> --password-stdin (e.g. echo "$TOKEN" | hplugin login ${args.registry} -u me --password-stdin), or set HPLUGIN_REGISTRY_USERNAME and HPLUGIN_REGISTRY_PASSWORD.`,
    });
  }
  const result = await login(args.registry, { ...connection(args, ctx, undefined, args.registry), username, password });
  return { data: { registry: result.registry, storedIn: result.storedIn }, text: `✓ Logged in to ${result.registry} as ${username} (stored in ${result.storedIn})` };
}

export async function logoutCmd(args: { registry: string }, ctx: Context): Promise<CommandResult> {
  const result = await logout(args.registry, { env: ctx.io.env });
  return { data: { ...result }, text: result.removed ? `✓ Removed the credentials for ${result.registry} from ${result.storedIn}` : `Nothing stored for ${result.registry}; nothing to do.` };
}

export async function manifestCmd(args: ConnectionArgs & { target?: string; namespace?: string; pullSecret?: string; matchRules?: boolean }, ctx: Context): Promise<CommandResult> {
  const asDir = args.target === undefined || existsSync(resolve(ctx.cwd, args.target));
  let name: string;
  let url: string;
  let digest: string;
  let cfg: ResolvedPluginConfig | undefined;
  if (asDir) {
    cfg = (await resolveTargets({ cwd: resolve(ctx.cwd, args.target ?? '.') })).plugins[0]!.config;
    const local = await inspectLayout(cfg.package.output, cfg.version).catch(() => {
      throw new UsageError('MANIFEST_NOT_PACKAGED', `${cfg!.name}:${cfg!.version} is not packaged yet, so there is no manifest digest to pin.`, { hint: 'Run `hplugin package` (or `hplugin publish`) first.' });
    });
    name = cfg.name;
    digest = local.descriptor.digest;
    const registry = cfg.publish.registry ?? '<registry>';
    url = `oci://${registry}/${cfg.publish.repository}:${cfg.publish.tags[0] ?? cfg.version}`;
  } else {
    const ref = parseReference(args.target!);
    const client = new RegistryClient(ref.registry, connection(args, ctx));
    try {
      const found = await headManifest(client, ref.repository, ref.digest ?? ref.tag ?? 'latest');
      if (!found) throw new UsageError('MANIFEST_NOT_FOUND', `${args.target} does not exist in the registry.`, { hint: 'Check the reference, or publish first.' });
      digest = found.digest;
    } finally {
      await client.close();
    }
    name = ref.repository.split('/').pop()!;
    url = `oci://${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : `@${digest}`}`;
  }
  const wasmPlugin = renderWasmPlugin({
    name,
    url,
    manifestDigest: digest,
    ...(args.namespace ? { namespace: args.namespace } : {}),
    ...(args.pullSecret ? { imagePullSecret: args.pullSecret } : {}),
    ...(args.matchRules ? { matchRules: true } : {}),
    ...(cfg ? { phase: cfg.metadata.phase, priority: cfg.metadata.priority } : {}),
  });
  const properties = renderPluginsProperties({ name, url });
  return { data: { name, url, digest, wasmPlugin, pluginsProperties: properties }, text: `${wasmPlugin.trimEnd()}\n---\n# plugins.properties\n# ${properties}` };
}
