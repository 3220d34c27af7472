/**
 * Supply-chain commands (key, sign, verify) and the steps publish, package, pull and manifest run
 * with --sbom / --sign / --verify. The library work is in @hplugin/supply-chain.
 */
import { dirname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { isHpluginError, UsageError, writeFileAtomic, type Reporter } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { parseReference, RegistryClient, type RegistryClientOptions } from '@hplugin/oci';
import type { PublishStageResult } from '@hplugin/pipeline';
import { resolveEpoch } from '@hplugin/artifact';
import {
  assertSbomFormat,
  attachSbom,
  keyPassword,
  pluginSbom,
  signReference,
  verifyReference,
  type AttachResult,
  type SbomFormat,
  type VerifyReferenceResult,
} from '@hplugin/supply-chain';
import type { Context } from '../../context.js';
import { VERSION } from '../../version.js';

/**
 * The SBOM format to produce: the flag wins (bare `--sbom` means the config's format, else spdx;
 * `--sbom none` / `--no-sbom` means none), then package.sbom.
 */
export function sbomFormat(flag: string | boolean | undefined, cfg: ResolvedPluginConfig): SbomFormat | undefined {
  const configured = cfg.package.sbom === 'none' ? undefined : cfg.package.sbom;
  if (flag === undefined) return configured;
  if (flag === false || flag === 'none') return undefined;
  if (flag === true || flag === '') return configured ?? 'spdx';
  return assertSbomFormat(flag);
}

export interface WrittenSbom {
  format: SbomFormat;
  path: string;
  mediaType: string;
  components: number;
  bytes: Buffer;
  fileName: string;
}

/**
 * Writes the SBOM of the built module beside the OCI layout (dist/sbom/ by default). When only the
 * config asked for it (`package.sbom`, on in the workspace template) and the module carries no Go
 * build info (TinyGo), that is a warning, not a failed package: an explicit --sbom fails instead.
 */
export async function writePluginSbom(
  cfg: ResolvedPluginConfig,
  wasmPath: string,
  format: SbomFormat,
  options: { env: NodeJS.ProcessEnv; explicit: boolean; reporter: Reporter },
): Promise<WrittenSbom | undefined> {
  let sbom;
  try {
    sbom = await pluginSbom({
      format,
      wasmPath,
      pluginDir: cfg.pluginDir,
      name: cfg.name,
      version: cfg.version,
      toolVersion: VERSION,
      createdSeconds: resolveEpoch(undefined, options.env).seconds,
    });
  } catch (err) {
    if (options.explicit || !isHpluginError(err) || err.code !== 'SBOM_NO_BUILD_INFO') throw err;
    options.reporter.warn(`No SBOM for ${cfg.name} (package.sbom: ${format}): ${err.message}`, 'PACKAGE_SBOM_SKIPPED');
    return undefined;
  }
  const dir = join(dirname(cfg.package.output), 'sbom');
  await mkdir(dir, { recursive: true });
  const path = join(dir, sbom.fileName);
  await writeFileAtomic(path, sbom.bytes);
  return { format, path, mediaType: sbom.mediaType, components: sbom.components, bytes: sbom.bytes, fileName: sbom.fileName };
}

/** True when the user typed --sbom (with a format or bare), as opposed to package.sbom alone. */
export function sbomExplicit(flag: string | boolean | undefined): boolean {
  return flag !== undefined && flag !== false && flag !== 'none';
}

export interface SupplyChainPublishResult {
  sbom?: { path: string; format: SbomFormat; components: number } & Partial<AttachResult>;
  signature?: { tag: string; signatures: number; signatureManifest: string };
}

/**
 * After a registry publish: attach the SBOM as a referrer and sign the manifest. Neither touches
 * the plugin manifest, so the digest a WasmPlugin pins stays what publish printed.
 */
export async function afterPublish(input: {
  cfg: ResolvedPluginConfig;
  wasmPath: string;
  reference: string;
  format: SbomFormat | undefined;
  /** --sbom was typed (a module without build info is then an error, not a warning). */
  explicitSbom: boolean;
  keyPath: string | undefined;
  connection: RegistryClientOptions;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
}): Promise<SupplyChainPublishResult> {
  const out: SupplyChainPublishResult = {};
  const epoch = resolveEpoch(undefined, input.env).seconds;
  const sbom = input.format
    ? await writePluginSbom(input.cfg, input.wasmPath, input.format, {
        env: input.env,
        explicit: input.explicitSbom,
        reporter: input.reporter,
      })
    : undefined;
  if (!sbom && !input.keyPath) return out;
  // One connection for both steps: the registry's token is fetched once, not once per step.
  const client = new RegistryClient(parseReference(input.reference).registry, input.connection);
  try {
    if (sbom) {
      const attached = await input.reporter.task(`Attaching the ${input.format} SBOM`, () =>
        attachSbom({ ...input.connection, client, reference: input.reference, sbom: { ...sbom }, createdSeconds: epoch }),
      );
      out.sbom = { path: sbom.path, format: sbom.format, components: sbom.components, ...attached };
    }
    if (input.keyPath) {
      const signed = await input.reporter.task('Signing', () =>
        signReference({ ...input.connection, client, reference: input.reference, keyPath: input.keyPath!, ...passwordOf(input.env) }),
      );
      out.signature = { tag: signed.tag, signatures: signed.signatures, signatureManifest: signed.signatureManifest };
    }
  } finally {
    await client.close();
  }
  return out;
}

/** `package` with an SBOM: the package result plus where the SBOM was written. */
export async function sbomAfterPackage<R extends { build: { wasmPath: string } }>(
  r: R,
  cfg: ResolvedPluginConfig,
  flag: string | boolean | undefined,
  ctx: Context,
  reporter: Reporter,
): Promise<R & { sbom?: Omit<WrittenSbom, 'bytes'> }> {
  const format = sbomFormat(flag, cfg);
  const written = format
    ? await writePluginSbom(cfg, r.build.wasmPath, format, { env: ctx.io.env, explicit: sbomExplicit(flag), reporter })
    : undefined;
  if (!written) return r;
  const { bytes: _bytes, ...sbom } = written;
  return { ...r, sbom };
}

/**
 * `publish` with --sbom/--sign (or package.sbom): attach and sign in the registry; for the local
 * layout or a dry run there is nothing to attach to, so the SBOM is only written (and --sign is
 * refused, since a signature lives in a registry).
 */
export async function supplyChainAfterPublish(
  r: PublishStageResult,
  cfg: ResolvedPluginConfig,
  options: { sbom: string | boolean | undefined; keyPath: string | undefined; dryRun: boolean; connection: RegistryClientOptions },
  ctx: Context,
  reporter: Reporter,
): Promise<PublishStageResult & { supplyChain?: SupplyChainPublishResult }> {
  const format = sbomFormat(options.sbom, cfg);
  const explicit = sbomExplicit(options.sbom);
  if (r.target === 'local' || options.dryRun) {
    if (options.keyPath) {
      throw new UsageError(
        'SIGN_NEEDS_REGISTRY',
        `--sign signs what is in a registry, and this publish ${options.dryRun ? 'is a dry run' : 'went to the local OCI layout only'}.`,
        {
          hint: 'Publish to a registry (--registry <host>) to sign, or sign later with `hplugin sign <ref> --key …`.',
        },
      );
    }
    if (format && !options.dryRun) await writePluginSbom(cfg, r.build.wasmPath, format, { env: ctx.io.env, explicit, reporter });
    return r;
  }
  const supplyChain = await afterPublish({
    cfg,
    wasmPath: r.build.wasmPath,
    reference: `${r.publish!.registry}/${r.publish!.repository}@${r.digest}`,
    format,
    explicitSbom: explicit,
    keyPath: options.keyPath ? resolve(ctx.cwd, options.keyPath) : undefined,
    connection: options.connection,
    env: ctx.io.env,
    reporter,
  });
  return { ...r, supplyChain };
}

export function passwordOf(env: NodeJS.ProcessEnv): { password?: string } {
  const password = keyPassword(env);
  return password !== undefined ? { password } : {};
}

/** `--verify` needs `--key`, and `--key` alone is a mistake worth saying. */
export function requireKey(flag: boolean | undefined, key: string | undefined, what: string): string | undefined {
  if (flag && !key)
    throw new UsageError('KEY_REQUIRED', `${what} needs a key: --key <path>.`, {
      hint: 'Pass the public key (cosign.pub) to verify, or the private key (cosign.key) to sign; `hplugin key generate` makes a pair.',
    });
  if (!flag && key)
    throw new UsageError('KEY_WITHOUT_ACTION', `--key was given but ${what} was not asked for.`, { hint: `Add ${what}, or drop --key.` });
  return flag ? key : undefined;
}

/** Verify `reference` before it is used; returns the pinned registry/repo@digest to use instead. */
export async function verifyBeforeUse(
  reference: string,
  keyPath: string,
  options: RegistryClientOptions,
  ctx: Context,
): Promise<VerifyReferenceResult> {
  return ctx.reporter.task(`Verifying the signature of ${reference}`, () =>
    verifyReference({ ...options, reference, keyPath: resolve(ctx.cwd, keyPath), ...passwordOf(ctx.io.env) }),
  );
}
