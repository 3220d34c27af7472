import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatBytes, HpluginError, UsageError } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { GatewayVerdict } from '@hplugin/artifact';
// The OCI client without undici (it loads on the first request) is cheap, and connection.ts needs it anyway.
import { assertTag, dockerConfigStore, headManifest, login, logout, parseReference, RegistryClient, type RegistryClientOptions } from '@hplugin/oci';
import type { ResolvedMetadata } from '@hplugin/metadata';
import { checkRepositoryOverride, parsePublishTarget, readPackagedMetadata, readRemoteMetadata, renderTable, repositoryFor, resolveTargets, runPackage, runPublish, wantsMany, type PackageStageResult, type PublishStageResult, type PublishTarget } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../context.js';
import { runStage } from './many-run.js';
import type { ConnectionArgs } from './shared.js';
import { connection } from './connection.js';
import { classifyInspectTarget } from './inspect-target.js';
import type { LoginArgs, ManifestArgs, PackageArgs, PublishArgs, PullArgs } from './registry.js';
import type { SupplyChainPublishResult, WrittenSbom } from './supply-chain-run.js';

// The supply-chain code (keys, signatures, SBOMs) loads only when a flag or the config asks for it.
const supplyChain = () => import('./supply-chain-run.js');
// Loaded by the commands that use them, not with this module: `publish` builds first, and the
// pipeline loads these while go runs (whileCompiling) instead of before go starts.
const artifact = () => import('@hplugin/artifact');
const publishLib = () => import('@hplugin/publish');
const metadataLib = () => import('@hplugin/metadata');

function layerTable(layers: Array<{ title?: string; mediaType: string; digest: string; size: number }>): string {
  return renderTable(
    ['file', 'media type', 'size', 'digest'],
    layers.map((l) => [l.title ?? '-', l.mediaType, formatBytes(l.size), l.digest.slice(0, 19)]),
  );
}

function verdictLine(v: GatewayVerdict): string {
  const head = v.ok ? `✓ gateway: ${v.reason}` : `✗ gateway would reject it: ${v.reason}${v.problems.length > 1 ? `\n  - ${v.problems.slice(1).join('\n  - ')}` : ''}`;
  const pin = v.ok && v.pinned?.index ? [`  the gateway loads the linux/amd64 image ${v.pinned.digest} of index ${v.pinned.index}: that digest is the WasmPlugin sha256`] : [];
  const warnings = v.warnings.map((w) => (w.scope === 'registry' ? `! registry (${w.registry ?? 'some registries'}): ${w.message}` : `! Envoy runtime: ${w.message}`));
  return [head, ...pin, ...warnings].join('\n');
}

export async function packageCmd(args: PackageArgs, ctx: Context): Promise<CommandResult> {
  return runStage<PackageStageResult & { sbom?: Omit<WrittenSbom, 'bytes'> }>(args, ctx, {
    verb: 'package',
    digestHeader: 'manifest digest',
    ...(args.version ? { version: args.version } : {}),
    run: async (config, reporter) => {
      const r = await runPackage(args.format ? { ...config, package: { ...config.package, format: args.format } } : config, { reporter, signal: ctx.signal, ...(args.strict !== undefined ? { strict: args.strict } : {}) });
      return args.sbom !== undefined || config.package.sbom !== 'none' ? (await supplyChain()).sbomAfterPackage(r, config, args.sbom, ctx, reporter) : r;
    },
    summary: (r) => ({ status: 'packaged', cached: r.build.cached, size: formatBytes(r.package.layers.reduce((n, l) => n + l.size, 0)), digest: r.package.manifestDigest.slice(0, 19) }),
    single: (r, config) => ({
      data: { plugin: config.name, version: config.version, build: r.build, package: r.package, metadata: r.metadata, sbom: r.sbom ?? null },
      text: [
        `✓ Packaged ${config.name}:${config.version} (${r.package.format}; version from ${config.sources.version ?? 'the config'}) into ${relative(ctx.cwd, r.package.layoutDir) || '.'}`,
        `  digest ${r.package.manifestDigest}`,
        `  phase ${r.metadata.phase}, priority ${r.metadata.priority}, failStrategy ${r.metadata.failStrategy} (${r.metadata.sources.failStrategy})`,
        ...(r.package.generatedReadme ? ['  README.md: none in the plugin folder; the artifact carries a generated minimal one (--strict makes this an error)'] : []),
        ...(r.sbom ? [`  sbom   ${relative(ctx.cwd, r.sbom.path)} (${r.sbom.format}, ${r.sbom.components} components)`] : []),
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
      `  hplugin publish --registry <host>[/<namespace>]       or set publish.registry in hplugin.config.yaml`,
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

function refuseSharedRepositories(configs: ResolvedPluginConfig[], target: PublishTarget | undefined, repository: string | undefined): void {
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
  throw new UsageError('PUBLISH_REPOSITORY_SHARED', `${shared.map(([where, names]) => `${names.join(', ')} would all push to ${where}`).join('; ')}, each overwriting the last.`, {
    hint: 'Give each plugin its own repository: pass a namespace (--registry host/my-org → my-org/<name>), or set publish.repository per plugin rather than in the workspace root config.',
    details: { shared: Object.fromEntries(shared) },
  });
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
  if (r.sbom) lines.push(`✓ SBOM (${r.sbom.format}, ${r.sbom.components} components) ${relative(ctx.cwd, r.sbom.path)} attached as ${r.sbom.digest?.slice(0, 19)} (${r.sbom.mode === 'api' ? 'referrers API' : `referrers tag ${r.sbom.tag}`})`);
  if (r.signature) lines.push(`✓ Signed: ${r.signature.tag} (${r.signature.signatures} signature${r.signature.signatures === 1 ? '' : 's'})`);
  return lines.join('\n');
}

/** A flag's value refused with the flag named, so the user knows which of several to fix. */
function badFlag(flag: string, value: string, err: unknown): never {
  const { message, hint } = err as { message: string; hint?: string };
  throw new UsageError('REF_INVALID', `${flag} ${JSON.stringify(value)}: ${message.replace(/^Invalid reference "[^"]*": /, '')}`, { ...(hint ? { hint } : {}), details: { flag, value } });
}

/**
 * Every --tag is checked before anything is built or packaged: a typo must not cost a cold build
 * first. (--registry is parsed by runTarget and --repository by checkRepositoryOverride, likewise.)
 */
function validatePublishFlags(args: PublishArgs): void {
  for (const tag of args.tag ?? []) {
    try {
      assertTag(tag);
    } catch (err) {
      badFlag('--tag', tag, err);
    }
  }
}

export async function publishCmd(args: PublishArgs, ctx: Context): Promise<CommandResult> {
  const target = runTarget(args, ctx);
  validatePublishFlags(args);
  checkRepositoryOverride(args.repository, wantsMany(args));
  const wantsSupplyChain = args.sbom !== undefined || args.sign !== undefined || args.key !== undefined;
  const keyPath = wantsSupplyChain ? (await supplyChain()).requireKey(args.sign, args.key, '--sign') : undefined;
  // The one plugin's result and connection, for the no-change record (see publish-record.ts).
  let single: { r: PublishStageResult & { supplyChain?: SupplyChainPublishResult }; config: ResolvedPluginConfig; conn: RegistryClientOptions } | undefined;
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
      return (await supplyChain()).supplyChainAfterPublish(r, config, { sbom: args.sbom, keyPath, dryRun: Boolean(args.dryRun), connection: conn }, ctx, reporter);
    },
    summary: (r) => ({
      status: r.target === 'local' ? 'local layout' : r.publish!.status === 'pushed' ? `pushed ${formatBytes(r.publish!.bytesUploaded)}` : r.publish!.status,
      cached: r.build.cached,
      size: formatBytes(r.package.layers.reduce((n, l) => n + l.size, 0)),
      digest: r.digest.slice(0, 19),
    }),
    single: (r, config) => ({
      data: { plugin: config.name, version: config.version, target: r.target, layoutDir: r.layoutDir, digest: r.digest, tags: r.tags, url: r.url ?? null, publish: r.publish ?? null, wasmPlugin: r.wasmPlugin ?? null, supplyChain: r.supplyChain ?? null },
      text: describePublish(r, config, ctx) + (r.supplyChain ? `\n${describeSupplyChainLines(r.supplyChain, ctx)}` : ''),
    }),
  });
  if (single && !wantsMany(args)) await (await import('./publish-record.js')).rememberUnchangedPublish(ctx, result, single.r, single.config, single.conn);
  return result;
}

export async function inspectCmd(args: ConnectionArgs & { target: string }, ctx: Context): Promise<CommandResult> {
  const target = classifyInspectTarget(args.target, ctx.cwd);
  const result =
    target.kind === 'layout'
      ? { where: target.dir, ...(await (await artifact()).inspectLayout(target.dir, target.tag)) }
      : { where: args.target, ...(await (await publishLib()).inspectRemote(target.reference, connection(args, ctx, undefined, parseReference(target.reference).registry))) };
  const text = [`${args.target}  ${result.descriptor.digest}  (${result.descriptor.mediaType})`, '', layerTable(result.layers), '', verdictLine(result.verdict)].join('\n');
  return { exitCode: result.verdict.ok ? 0 : 1, data: { target: args.target, descriptor: result.descriptor, layers: result.layers, verdict: result.verdict, manifest: result.manifest }, text };
}

/**
 * Where a pull extracts by default: a new folder named after the plugin and its version
 * (./hello-1.0.0/, or ./hello-sha256-<12 hex>/ for a pull by digest), never the current folder,
 * which may hold a plugin's sources.
 */
export function defaultPullFolder(reference: string): string {
  const ref = parseReference(reference);
  const name = ref.repository.split('/').pop()!;
  const version = ref.tag ?? (ref.digest ? ref.digest.replace(':', '-').slice(0, 'sha256-'.length + 12) : 'latest');
  return `${name}-${version}`;
}

export async function pullCmd(args: PullArgs, ctx: Context): Promise<CommandResult> {
  const outDir = resolve(ctx.cwd, args.output ?? defaultPullFolder(args.reference));
  const verified = await verifiedFirst(args, ctx);
  const { pullPlugin } = await publishLib();
  const result = await pullPlugin({
    ...connection(args, ctx, undefined, parseReference(args.reference).registry),
    // Verified: pull the exact digest whose signature was checked, even if the tag moves meanwhile.
    reference: verified?.pinned ?? args.reference,
    outDir,
    ...(args.force ? { force: true } : {}),
    ...(args.maxBlobSize !== undefined ? { maxBlobBytes: mebibytes(args.maxBlobSize, '--max-blob-size') } : {}),
    ...(args.ociLayout ? { layoutDir: resolve(ctx.cwd, args.ociLayout), layoutTag: parseReference(args.reference).tag ?? 'latest' } : {}),
  });
  const files = result.files.map((f) => `  ${relative(ctx.cwd, f.path) || f.path}  ${formatBytes(f.size)}`);
  return {
    exitCode: 0,
    data: { ...result, outDir, verified: verified ? { tag: verified.tag, signatures: verified.verified.length } : null },
    text: [`✓ Pulled ${result.reference} into ${relative(ctx.cwd, outDir) || '.'}${args.output ? '' : ' (the default: <name>-<version>; -o to choose)'}`, ...(verified ? [`✓ signature verified (${verified.tag})`] : []), ...files, verdictLine(result.verdict)].join('\n'),
  };
}

function mebibytes(value: number, flag: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new UsageError('USAGE', `${flag} must be a positive number of MiB, not ${value}.`, { hint: `For example ${flag} 512.` });
  return Math.round(value * 1024 * 1024);
}

/** With --verify: check the signature before anything is downloaded or printed. */
async function verifiedFirst(args: ConnectionArgs & { verify?: boolean; key?: string }, ctx: Context, reference?: string) {
  if (!args.verify && !args.key) return undefined;
  const sc = await supplyChain();
  const key = sc.requireKey(args.verify, args.key, '--verify')!;
  const ref = reference ?? (args as { reference: string }).reference;
  return sc.verifyBeforeUse(ref, key, connection(args, ctx, undefined, parseReference(ref).registry), ctx);
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
  // docker's store, with DOCKER_CONFIG as this command's environment spells it.
  const store = dockerConfigStore({ env: ctx.io.env });
  const result = await login(args.registry, { ...connection(args, ctx, undefined, args.registry), username, password, store });
  return { data: { registry: result.registry, storedIn: result.storedIn }, text: `✓ Logged in to ${result.registry} as ${username} (stored in ${result.storedIn})` };
}

export async function logoutCmd(args: { registry: string }, ctx: Context): Promise<CommandResult> {
  const result = await logout(args.registry, { store: dockerConfigStore({ env: ctx.io.env }) });
  return { data: { ...result }, text: result.removed ? `✓ Removed the credentials for ${result.registry} from ${result.storedIn}` : `Nothing stored for ${result.registry}; nothing to do.` };
}

/** A WasmPlugin pinned to an artifact the gateway rejects fails on every gateway: refuse, unless forced. */
function refuseUnloadable(verdict: GatewayVerdict, what: string, inspectTarget: string, force: boolean | undefined): void {
  if (verdict.ok || force) return;
  throw new HpluginError('MANIFEST_GATEWAY_WOULD_REJECT', `Not writing a WasmPlugin for ${what}: a Higress gateway would reject it. ${verdict.reason}`, {
    hint: `\`hplugin inspect ${inspectTarget}\` lists every problem; pass --force to print the resource anyway.`,
    details: { verdict },
  });
}

export async function manifestCmd(args: ManifestArgs, ctx: Context): Promise<CommandResult> {
  const asDir = args.target === undefined || existsSync(resolve(ctx.cwd, args.target));
  if (asDir && (args.verify || args.key)) {
    throw new UsageError('MANIFEST_VERIFY_NEEDS_REFERENCE', '--verify checks a signature in a registry, and the target is a local plugin folder.', { hint: 'Pass the registry reference: hplugin manifest <registry>/<repo>:<tag> --verify --key cosign.pub.' });
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
      throw new UsageError('MANIFEST_NOT_PACKAGED', `${cfg.name}:${cfg.version} is not packaged yet, so there is no manifest digest to pin.`, { hint: 'Run `hplugin package` (or `hplugin publish`) first.' });
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
      if (!found) throw new UsageError('MANIFEST_NOT_FOUND', `${args.target} does not exist in the registry.`, { hint: 'Check the reference, or publish first.' });
      // Pin what the gateway will compute: the image it loads (an index's linux/amd64 child), checked first.
      const inspected = await (await publishLib()).inspectRemote(`${ref.registry}/${ref.repository}@${found.digest}`, connection(args, ctx, undefined, ref.registry));
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
  return { data: { name, url, digest, wasmPlugin, pluginsProperties: properties, ...(metadata ? { metadata } : {}) }, text: `${wasmPlugin.trimEnd()}\n---\n# plugins.properties\n# ${properties}` };
}
