/** Packaging and OCI image layouts (@hplugin/artifact). */
import type { CatalogueEntry } from './entry.js';

export const ARTIFACT_ERRORS = {
  ARTIFACT_EPOCH_INVALID: {
    exit: 2,
    message: 'SOURCE_DATE_EPOCH is "<raw>", not a whole number of seconds.',
    hint: 'Set it to a Unix time in seconds, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it.',
  },
  ARTIFACT_INPUT_CHANGED: {
    exit: 1,
    message: '<path> changed size while it was being archived (<size> → <size> bytes).',
    hint: 'Wait for the build to finish writing the module, then package again.',
  },
  ARTIFACT_REJECTED: {
    exit: 1,
    message: 'The packaged artifact would be rejected: <reason>',
    hint: 'Fix the problems listed above (hplugin inspect lists them all), then package again.',
  },
  ARTIFACT_TAG_INVALID: {
    exit: 2,
    message: '"<tag>" is not a valid tag.',
    hint: 'A tag is up to 128 letters, digits, "_", "." and "-", and does not start with "." or "-" (e.g. 1.0.0).',
  },
  BLOB_CORRUPT: {
    exit: 1,
    message: 'The blob <path> does not hash to its name <digest> (it hashes to <actual>).',
    hint: 'The file was damaged or edited. Run `hplugin package` again: it rewrites blobs that do not match their digest.',
  },
  BLOB_DIGEST_MISMATCH: {
    exit: 1,
    message: 'The content is <digest> (<size> bytes), not the expected <digest> (<size> bytes).',
    hint: 'The source changed or was damaged on the way; fetch or build it again.',
  },
  BLOB_NOT_FOUND: {
    exit: 1,
    message: 'The OCI layout <layout-dir> has no blob <digest>.',
    hint: 'The layout is incomplete. Run `hplugin package` again to rewrite it.',
  },
  FS_UNREADABLE: {
    exit: 1,
    message: 'Cannot read <path>: <message>.',
    hint: 'Check that the file exists and that you can read it.',
  },
  LAYOUT_BUSY: {
    exit: 1,
    message: 'Another process kept the OCI layout <layout-dir> locked for too long.',
    hint: 'Wait for the other hplugin command to finish. If none is running, remove the lock file in the layout folder.',
  },
  LAYOUT_INVALID: {
    exit: 1,
    message: '<layout-dir> is not a valid OCI image layout: <why>.',
    hint: 'Remove the folder and run `hplugin package` again, or point to another layout.',
  },
  LAYOUT_NOT_FOUND: {
    exit: 2,
    message: '<dir> is not an OCI image layout (it has no oci-layout file).',
    hint: 'Run `hplugin package` first, or pass the folder it wrote.',
  },
  LAYOUT_TAG_NOT_FOUND: {
    exit: 2,
    message: 'The OCI layout <dir> has no tag or manifest "<tag-or-digest>".',
    hint: 'Pass one of the tags the layout holds (hplugin inspect <layout> lists them).',
  },
  LAYOUT_TAG_REQUIRED: {
    exit: 2,
    message: 'The OCI layout <dir> holds several tags (or none), so which one to use is not clear.',
    hint: 'Name the tag to use.',
  },
  MANIFEST_INVALID: {
    exit: 2,
    message: '<tag-or-digest> in <dir> is not an image manifest (no config or layers).',
    hint: 'Package the plugin again.',
  },
  PACKAGE_FORMAT_INVALID: {
    exit: 2,
    message: '"<format>" is not an artifact format.',
    hint: 'Use one of the artifact formats listed in the hplugin README (the default is the Higress format).',
  },
  PACKAGE_ICON_INVALID: {
    exit: 2,
    message: "The icon <path> is not a PNG image; the artifact's icon layer is image/png.",
    hint: 'Convert it to PNG (e.g. `convert icon.jpg icon.png`), or leave the icon out.',
  },
  PACKAGE_ICON_MISSING: {
    exit: 2,
    message: 'The icon <path> does not exist.',
    hint: 'Fix the icon path, or leave it out.',
  },
  PACKAGE_NAME_MISSING: {
    exit: 2,
    message: 'A plugin name and version are needed to package.',
    hint: 'Set name and version in the hplugin config, or a VERSION file.',
  },
  PACKAGE_README_DUPLICATE: {
    exit: 2,
    message: 'Two READMEs claim the language <key>: <previous> and <path>.',
    hint: 'Keep one README per language (README.md for the default, README_<LANG>.md for the others).',
  },
  PACKAGE_README_LANG_INVALID: {
    exit: 2,
    message: '"<lang>" (for <path>) is not a language tag.',
    hint: 'Use a language like en, zh or zh-cn, e.g. README_EN.md.',
  },
  PACKAGE_README_MISSING: {
    exit: 2,
    message: "<README.md> is missing; a Higress plugin artifact carries it as the plugin's documentation.",
    hint: 'Add README.md (or README_<LANG>.md for another language) to the plugin folder.',
  },
  PACKAGE_WASM_MISSING: {
    exit: 2,
    message: 'The module <path> does not exist.',
    hint: 'Run `hplugin build` first, or pass the path of the .wasm file to package.',
  },
  SPEC_INVALID: {
    exit: 2,
    message: '<spec.yaml> is not a valid Higress spec.yaml: <problems>',
    hint: 'Fix spec.yaml (or the Go annotations it was generated from), then package again.',
  },
} as const satisfies Record<string, CatalogueEntry>;
