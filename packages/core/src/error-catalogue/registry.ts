/** Registry references, the OCI distribution client and credentials (@hplugin/oci). */
import type { CatalogueEntry } from './entry.js';

export const REGISTRY_ERRORS = {
  CREDENTIALS_CANNOT_STORE: {
    exit: 2,
    message: 'Cannot store the credential for <registry> (in <store>): <why>.',
    hint: 'Pass a username and password, or an identity token, in the form the store can keep.',
  },
  CREDENTIALS_CONFIG_BUSY: {
    exit: 1,
    message: 'Another process kept <path> locked for too long.',
    hint: 'Wait for the other hplugin login/logout to finish. If none is running, remove the .lock file next to the docker config.json.',
  },
  CREDENTIALS_CONFIG_INVALID: {
    exit: 2,
    message: '<path> is not valid JSON (<message>).',
    hint: 'Fix or remove the file; docker and oras read it too.',
  },
  CREDENTIALS_HELPER_FAILED: {
    exit: 1,
    message: 'The credential helper docker-credential-<helper> failed to <action>: <output>.',
    hint: 'Run "docker-credential-<helper> list" to check that the helper works.',
  },
  CREDENTIALS_HELPER_MISSING: {
    exit: 1,
    message: "The credential helper <bin> is configured in docker's config.json but is not on PATH.",
    hint: 'Install the helper, or remove "credsStore"/"credHelpers" from the docker config.json.',
  },
  CREDENTIALS_STORE_READ_ONLY: {
    exit: 1,
    message: 'Cannot <put or delete> the credential for <registry>: the store holds fixed credentials and is read-only.',
    hint: 'Log in (or out) through a writable store, such as dockerConfigStore() or fileStore(path).',
  },
  DIGEST_INVALID: {
    exit: 2,
    message: '"<digest>" is not a sha256 digest (sha256:<64 hex digits>).',
    hint: 'Copy the digest exactly as hplugin or the registry printed it.',
  },
  MANIFEST_NOT_JSON: {
    exit: 2,
    message: 'The manifest to push is not valid JSON.',
    hint: 'Rebuild the artifact.',
  },
  REF_DIGEST_MISMATCH: {
    exit: 2,
    message: 'The reference asks for <digest> but the manifest hashes to <digest>.',
    hint: 'Drop the @digest from the reference.',
  },
  REF_INVALID: {
    exit: 2,
    message: 'Invalid reference "<ref>": <why>.',
    hint: 'Pass a reference like ghcr.io/my-org/request-block:1.0.0 (registry host, repository, tag or @digest).',
  },
  REGISTRY_BAD_RESPONSE: {
    exit: 1,
    message: '<operation> failed: <host> answered something that is not an OCI registry answer: <why>.',
    hint: 'Check that <host> is an OCI registry and that no proxy rewrites its answers.',
  },
  REGISTRY_BLOB_TOO_LARGE: {
    exit: 1,
    message: '<operation> failed: the blob <digest> declares <size> bytes, more than the limit of <limit> bytes.',
    hint: 'Nothing was downloaded. A Higress plugin is far smaller: check the reference, or raise the size limit if you trust the registry.',
  },
  REGISTRY_BLOB_UNKNOWN: {
    exit: 1,
    message: '<operation> failed: the registry does not have <blobs> the manifest references.',
    hint: 'A referenced blob is missing from the registry: push again; hplugin uploads missing blobs before the manifest.',
  },
  REGISTRY_DENIED: {
    exit: 1,
    message: '<operation> failed: the registry answered 403 <errors>.',
    hint: 'Your credentials are valid but lack permission for this repository: ask for push/pull access, or check the repository name.',
  },
  REGISTRY_DIGEST_MISMATCH: {
    exit: 1,
    message: '<operation> failed: <what> should be <expected> but is <actual>.',
    hint: 'The content does not match its digest: rebuild the artifact, and check for a proxy that rewrites bodies.',
  },
  REGISTRY_INSECURE_REALM: {
    exit: 1,
    message:
      'The registry <registry> asked for credentials at <protocol>//<host>, a plain-http token server; hplugin refuses to send them there.',
    hint: 'Fix the token realm in the registry configuration so that it uses https.',
  },
  REGISTRY_MANIFEST_INVALID: {
    exit: 1,
    message: '<operation> failed: the registry answered MANIFEST_INVALID.',
    hint: 'The registry rejected the manifest: check its media types; some registries refuse unknown artifact or config types.',
  },
  REGISTRY_MANIFEST_MALFORMED: {
    exit: 1,
    message: '<operation> failed: the manifest <why>.',
    hint: 'Nothing was written. The artifact was not made by an OCI tool, or was tampered with: ask whoever published it to push it again.',
  },
  REGISTRY_MANIFEST_UNKNOWN: {
    exit: 1,
    message: '<operation> failed: the registry answered MANIFEST_UNKNOWN.',
    hint: 'Check the tag or digest: the registry has no manifest under it.',
  },
  REGISTRY_NAME_UNKNOWN: {
    exit: 1,
    message: '<operation> failed: the registry answered 404 NAME_UNKNOWN.',
    hint: 'Check the repository name; some registries need the repository to be created before the first push.',
  },
  REGISTRY_REDIRECT_REFUSED: {
    exit: 1,
    message: 'The registry at <host> <how> to plain http (<protocol>//<host>); hplugin refuses the downgrade.',
    hint: 'Fix the registry or CDN configuration so that it sends https URLs.',
  },
  REGISTRY_REQUEST_FAILED: {
    exit: 1,
    message: '<operation> failed: the registry answered <status>.',
    hint: 'Run again with --verbose to see the exchange.',
  },
  REGISTRY_RESPONSE_TRUNCATED: {
    exit: 1,
    message: '<operation> failed: the connection to <host> ended in the middle of the answer (<cause>).',
    hint: 'Run the command again; if it keeps failing, a proxy or the registry cuts long answers short.',
  },
  REGISTRY_SERVER_ERROR: {
    exit: 1,
    message: '<operation> failed: the registry answered <status> (a server error).',
    hint: 'The registry failed; hplugin already retried. Try again later or check the registry logs.',
  },
  REGISTRY_TIMEOUT: {
    exit: 1,
    message: '<operation> failed: <host> sent nothing within the request timeout, on every try.',
    hint: 'The registry or a proxy in front of it is slow or stuck: try again, or raise the request timeout (--timeout).',
  },
  REGISTRY_TLS: {
    exit: 1,
    message: '<operation> failed: the TLS certificate of <host> is not trusted (<text>).',
    hint: 'Pass --ca-file with the CA that signed the registry certificate, or --insecure to skip verification (only for a registry you trust).',
  },
  REGISTRY_TOO_MANY_REQUESTS: {
    exit: 1,
    message: '<operation> failed: the registry answered 429 TOOMANYREQUESTS.',
    hint: 'The registry is rate-limiting you: wait and retry, or log in for a higher limit.',
  },
  REGISTRY_UNAUTHORIZED: {
    exit: 1,
    message: '<operation> failed: the registry answered 401 (no credentials, or the wrong ones).',
    hint: 'Log in first: hplugin login <registry>.',
  },
  REGISTRY_UNREACHABLE: {
    exit: 1,
    message: '<operation> failed: cannot reach <host>: <why>.',
    hint: 'Check the registry address and that it is up; pass --plain-http for a registry that speaks plain http.',
  },
  REGISTRY_UNSUPPORTED: {
    exit: 1,
    message: '<operation> failed: the registry answered 405 UNSUPPORTED.',
    hint: 'The registry does not support this operation.',
  },
  REGISTRY_UPLOAD_FAILED: {
    exit: 1,
    message: '<op> failed: the chunk at byte <offset> was refused <failures> times (last answer <status>).',
    hint: 'The upload session broke; run the command again (already uploaded blobs are skipped).',
  },
} as const satisfies Record<string, CatalogueEntry>;
