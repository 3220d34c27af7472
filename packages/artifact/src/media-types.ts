/**
 * The media types and limits of a Higress plugin artifact (see docs: higress-plugin-format.md, section 1).
 * The OCI-generic ones live in @hplugin/oci; these are the plugin-specific ones.
 */
export const PLUGIN_MEDIA_TYPE = {
  spec: 'application/vnd.module.wasm.spec.v1+yaml',
  readme: 'application/vnd.module.wasm.doc.v1+markdown',
  icon: 'application/vnd.module.wasm.icon.v1+png',
  /** The wasm-oci variant: a `{}` runtime-config layer, then the raw module. */
  runtimeConfig: 'application/vnd.module.wasm.config.v1+json',
  wasmContent: 'application/vnd.module.wasm.content.layer.v1+wasm',
  /**
   * The manifest config of every artifact we write. Why a type of our own:
   * - `application/vnd.oci.empty.v1+json` is refused by Alibaba ACR ("unknown manifest class"), and
   *   Harbor answers 500 for a size-0 config, so the config must be a real, non-empty blob;
   * - `application/vnd.oci.image.config.v1+json` would make registries and scanners treat the
   *   plugin as a runnable container image and parse it as one;
   * - `application/vnd.wasm.config.v1+json` is parsed by Harbor's WASM processor as an image config
   *   with build history, which ours is not.
   * A vendor type that nobody parses is stored as an opaque OCI artifact by distribution, ACR,
   * Harbor, GHCR and Docker Hub alike. The gateway never reads the config.
   */
  pluginConfig: 'application/vnd.higress.plugin.config.v1+json',
} as const;

/** `application/vnd.module.wasm.doc.v1.<lang>+markdown`; `lang` is already lower-case. */
export function readmeMediaType(lang: string | undefined): string {
  return lang ? `application/vnd.module.wasm.doc.v1.${lang}+markdown` : PLUGIN_MEDIA_TYPE.readme;
}

/** The first four bytes of every WebAssembly binary. */
export const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

/** The gateway's fetcher reads at most this many decompressed bytes (istio pkg/wasm/imagefetcher.go). */
export const GATEWAY_MAX_WASM_BYTES = 256 * 1024 * 1024;

/** The single tar entry the gateway looks for, and the layer file that holds it. */
export const PLUGIN_WASM_ENTRY = 'plugin.wasm';
export const PLUGIN_ARCHIVE_TITLE = 'plugin.tar.gz';
