/**
 * Registry connection options from the flags and the plugin config. The scheme rule follows oras:
 * an explicit --plain-http / --plain-http=false always wins; otherwise an `https://` or `http://`
 * prefix on the registry decides; otherwise TLS flags (--ca-file, --insecure, --cert-file) mean
 * https, because nobody verifies a certificate over plain http; otherwise the client's default
 * applies (http only for loopback hosts). Without the TLS-flag rule, `hplugin login 127.0.0.1:5000
 * --ca-file ca.pem` spoke http to a TLS registry and failed with an unhelpful 400.
 */
import { resolve } from 'node:path';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { UsageError, registerSecret } from '@hplugin/core';
import { explicitScheme, normalizeRegistry } from '@hplugin/rules';
import type { CredentialProvider, RegistryClientOptions } from '@hplugin/oci';
import type { Context } from '../../context.js';
import type { ConnectionArgs } from '../shared.js';

/** `https://host` → false, `http://host` → true, a bare host → undefined. */
export function plainHttpFromScheme(registry: string | undefined): boolean | undefined {
  const scheme = explicitScheme(registry?.trim() ?? '');
  return scheme === 'http' ? true : scheme === 'https' ? false : undefined;
}

/**
 * CI credentials (HPLUGIN_REGISTRY_USERNAME/PASSWORD) belong to the registry this command targets
 * (the publish target, the login host, the registry of the pulled reference), and to HPLUGIN_REGISTRY's
 * host when that is set; they are never offered to another host. Every other registry gets docker's
 * config.json, looked up by its own name.
 *
 * The credential stores (the OCI client's entry, 16-18 ms to import) load on the first lookup, at
 * the first request: a publish then starts go without them, and they load while it compiles.
 */
export function credentialsFor(env: NodeJS.ProcessEnv, target: string | undefined): CredentialProvider {
  const username = env.HPLUGIN_REGISTRY_USERNAME;
  const password = env.HPLUGIN_REGISTRY_PASSWORD;
  // Masked in every output whether or not this command sends it anywhere.
  registerSecret(password);
  const pinned = env.HPLUGIN_REGISTRY?.trim() ? normalizeRegistry(env.HPLUGIN_REGISTRY) : undefined;
  const ciCredentials = Boolean(username && password && target && (!pinned || pinned === normalizeRegistry(target)));
  let provider: Promise<CredentialProvider> | undefined;
  const load = async (): Promise<CredentialProvider> => {
    const oci = await import('@hplugin/oci');
    const stored = oci.dockerConfigStore({ env });
    if (!ciCredentials) return oci.credentialFromStore(stored);
    return oci.credentialFromStore(oci.storeWithFallbacks(oci.staticStore({ username: username!, password: password! }, target!), stored));
  };
  return async (registry) => (await (provider ??= load()))(registry);
}

function seconds(value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError('USAGE', `--timeout must be a positive number of seconds, not ${value}.`, { hint: 'For example --timeout 300.' });
  return Math.round(value * 1000);
}

export function connection(args: ConnectionArgs, ctx: Context, cfg?: ResolvedPluginConfig, registry?: string): RegistryClientOptions {
  const caFile = args.caFile ? resolve(ctx.cwd, args.caFile) : cfg?.publish.caFile;
  const insecure = Boolean(args.insecure ?? cfg?.publish.insecure);
  const wantsTls = Boolean(caFile || insecure || args.certFile);
  const plainHttp =
    args.plainHttp ?? plainHttpFromScheme(registry) ?? (cfg?.publish.plainHttp ? true : undefined) ?? (wantsTls ? false : undefined);
  return {
    ...(plainHttp !== undefined ? { plainHttp } : {}),
    ...(insecure ? { insecure: true } : {}),
    ...(caFile ? { caFile } : {}),
    ...(args.certFile ? { certFile: resolve(ctx.cwd, args.certFile) } : {}),
    ...(args.keyFile ? { keyFile: resolve(ctx.cwd, args.keyFile) } : {}),
    ...(args.timeout !== undefined ? { timeoutMs: seconds(args.timeout) } : {}),
    credentials: credentialsFor(ctx.io.env, registry),
    reporter: ctx.reporter,
    // Ctrl-C stops a pull, an inspect or a login as it stops a publish.
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
}
