/** Keys, SBOMs and signatures (@hplugin/supply-chain). */
import type { CatalogueEntry } from './entry.js';

export const SUPPLY_CHAIN_ERRORS = {
  KEY_EXISTS: {
    exit: 2,
    message: '<path> already exists; refusing to overwrite a key.',
    hint: 'Choose another --output prefix, or pass --force to replace it.',
  },
  KEY_INVALID: {
    exit: 2,
    message: '<path> is not a key hplugin can read: <why>.',
    hint: 'Use the cosign.key that `cosign generate-key-pair` or `hplugin key generate` wrote.',
  },
  KEY_NOT_FOUND: {
    exit: 2,
    message: 'Cannot read the key <path>: <message>.',
    hint: 'Pass --key with the path of a PEM key (cosign.key to sign, cosign.pub to verify); `hplugin key generate` makes a pair.',
  },
  KEY_PASSWORD_MISSING: {
    exit: 2,
    message: '<path> is an encrypted cosign key, and no password was given to unlock it.',
    hint: 'Set COSIGN_PASSWORD (or HPLUGIN_KEY_PASSWORD) to its password.',
  },
  KEY_PASSWORD_WRONG: {
    exit: 2,
    message: 'Cannot decrypt <path>: the password is wrong (or the file was altered).',
    hint: 'Check COSIGN_PASSWORD / HPLUGIN_KEY_PASSWORD.',
  },
  KEY_REQUIRED: {
    exit: 2,
    message: '<action> needs a key: --key <path>.',
    hint: 'Pass the public key (cosign.pub) to verify, or the private key (cosign.key) to sign; `hplugin key generate` makes a pair.',
  },
  KEY_UNSUPPORTED: {
    exit: 2,
    message: "<path> is a <kind> key; hplugin signs and verifies with ECDSA P-256 keys, like cosign's default.",
    hint: 'Create one with `hplugin key generate` or `cosign generate-key-pair`.',
  },
  KEY_WITHOUT_ACTION: {
    exit: 2,
    message: '--key was given but <what> was not asked for.',
    hint: 'Add the action the key is for (e.g. --sign or --verify), or drop --key.',
  },
  REFERRERS_TAG_INVALID: {
    exit: 1,
    message: '<registry>/<repository>:<tag> should hold the referrers index of <subject-digest>, but it is not an image index.',
    hint: 'Something else uses the tag; delete it (e.g. `oras manifest delete <registry>/<repository>:<tag>`) and publish again.',
  },
  SBOM_FORMAT_UNKNOWN: {
    exit: 2,
    message: 'Unknown SBOM format "<format>".',
    hint: 'Use one of the SBOM formats listed in the hplugin README.',
  },
  SBOM_GOSUM_MISMATCH: {
    exit: 1,
    message: 'The module was built with <path>@<version> <sum>, but go.sum says <from-go-sum>: it was not built from this source.',
    hint: 'Build again (`hplugin build`) so the module and go.sum agree, then package.',
  },
  SBOM_NO_BUILD_INFO: {
    exit: 1,
    message: '<what> carries no Go module information, so there is nothing to build an SBOM from.',
    hint: 'Build it with the Go toolchain in module mode (`hplugin build`, toolchain: go). TinyGo modules do not embed build info: package without --sbom.',
  },
  SBOM_WASM_INVALID: {
    exit: 1,
    message: 'Cannot read <what> as WebAssembly: <message>.',
    hint: 'Build it again with `hplugin build`.',
  },
  SIGN_ANNOTATION_INVALID: {
    exit: 2,
    message: '"<annotation>" is not key=value.',
    hint: 'Pass -a key=value, e.g. -a commit=$(git rev-parse HEAD).',
  },
  SIGN_NEEDS_REGISTRY: {
    exit: 2,
    message: '--sign signs what is in a registry, and this publish writes only a local layout.',
    hint: 'Publish to a registry (--registry <host>) to sign, or sign later with `hplugin sign <ref> --key …`.',
  },
  SIGNATURE_INVALID: {
    exit: 1,
    message: 'No valid signature for <what> (<digest>) under <tag>: <rejected>.',
    hint: 'Do not use this artifact: it was not signed with this key, or it changed since. Check --key, and republish and sign it if you own it.',
  },
  SIGNATURE_NOT_FOUND: {
    exit: 1,
    message: '<what> (<digest>) is not signed: <registry>/<repository> has no <tag>.',
    hint: 'Sign it (`hplugin sign <ref> --key cosign.key`, or publish with --sign), or check that the reference points at the artifact you expect.',
  },
  SUPPLY_CHAIN_TARGET_NOT_FOUND: {
    exit: 1,
    message: '<reference> does not exist in the registry.',
    hint: 'Check the reference, or publish first.',
  },
} as const satisfies Record<string, CatalogueEntry>;
