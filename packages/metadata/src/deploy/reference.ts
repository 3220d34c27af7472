/** The bits of an oci:// URL and a digest that the deployment outputs need. */
import { UsageError } from '@hplugin/core';
import { TAG_BODY } from '@hplugin/rules';
import { WASMPLUGIN_INVALID_INPUT } from '../errors.js';

export interface OciUrl {
  url: string;
  tag?: string;
  digest?: string;
}

/** oci://host[:port]/repo[:tag][@sha256:hex] */
const OCI_URL = new RegExp(`^oci://([^/\\s]+)/([^\\s@]+?)(?::(${TAG_BODY}))?(?:@(sha256:[0-9a-f]{64}))?$`);

export function parseOciUrl(url: string): OciUrl {
  const match = OCI_URL.exec(url);
  if (!match) {
    throw new UsageError(WASMPLUGIN_INVALID_INPUT, `"${url}" is not an oci:// image URL (oci://<registry>/<repository>:<tag>).`, {
      hint: 'Pass the reference the plugin was published to, e.g. oci://registry.example.com/plugins/my-plugin:1.0.0.',
    });
  }
  return { url, ...(match[3] ? { tag: match[3] } : {}), ...(match[4] ? { digest: match[4] } : {}) };
}

/** Accepts `sha256:<hex>` or `<hex>`; returns the 64 lowercase hex characters. */
export function manifestDigestHex(digest: string): string {
  const match = /^(?:sha256:)?([0-9a-fA-F]{64})$/.exec(digest.trim());
  if (!match) {
    throw new UsageError(WASMPLUGIN_INVALID_INPUT, `"${digest}" is not a sha256 manifest digest.`, {
      hint: 'Pass the manifest digest that `hplugin publish` printed (sha256:<64 hex characters>).',
    });
  }
  return match[1]!.toLowerCase();
}
