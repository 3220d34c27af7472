/** Publishing to and pulling from a registry (@hplugin/publish, @hplugin/pipeline). */
import type { CatalogueEntry } from './entry.js';

export const PUBLISH_ERRORS = {
  PUBLISH_NO_TAGS: {
    exit: 2,
    message: 'No tags to publish: publish.tags is empty.',
    hint: 'Set publish.tags (e.g. ["{version}", "latest"]) or pass --tag.',
  },
  PUBLISH_REGISTRY_INVALID: {
    exit: 2,
    message: '<origin> "<input>" does not start with a registry host (host, host:port or [ipv6]:port).',
    hint: 'Pass e.g. --registry ghcr.io/my-org (a host, then optionally a namespace), or --registry localhost:5000.',
  },
  PUBLISH_REPOSITORY_SHARED: {
    exit: 2,
    message: 'Several plugins would publish to the same repository <repository>, each overwriting the last.',
    hint: 'Give each plugin its own repository: pass a namespace (--registry host/my-org → my-org/<name>), or set publish.repository per plugin rather than in the workspace root config.',
  },
  PUBLISH_TAG_IMMUTABLE: {
    exit: 2,
    message:
      '<registry>/<repository>:<tag> already points at <digest>, and this artifact is <digest>. Version tags are immutable by convention: gateways pinned to <tag> (and its sha256) would silently change.',
    hint: 'Bump the version (the VERSION file), or pass --force if you really mean to replace it.',
  },
  PUBLISH_TAG_RACE: {
    exit: 1,
    message:
      '<registry>/<repository>:<tag> does not hold what was just pushed (<digest>): it now points at <nothing>. Another publish to the same tag ran at the same time and won.',
    hint: 'The manifest is in the registry under its digest; find out who else publishes this tag, then publish again (with --force for a version tag).',
  },
  PULL_ARTIFACT_INVALID: {
    exit: 1,
    message: 'plugin.tar.gz is not a readable tar.gz: <message>.',
    hint: 'Nothing was extracted. Ask whoever published it to package it again with `hplugin package`.',
  },
  PULL_ARTIFACT_TOO_LARGE: {
    exit: 1,
    message: 'plugin.tar.gz expands to more than <limit> bytes; a Higress gateway stops reading at <limit> bytes (256 MiB).',
    hint: 'Nothing was extracted. A layer that small on the wire and that large unpacked is a decompression bomb, or a plugin no gateway will load.',
  },
  PULL_GATEWAY_WOULD_REJECT: {
    exit: 1,
    message: 'Not extracting <reference>: a Higress gateway would reject it. <problem>',
    hint: 'Fix the artifact (hplugin inspect lists every problem), or pass --force to extract it anyway.',
  },
  PULL_TARGET_NOT_EMPTY: {
    exit: 2,
    message: '<out-dir> exists and is not an empty folder.',
    hint: 'Pass -o <new-folder> to extract somewhere else, or --force to replace it.',
  },
  PULL_UNSAFE_ARTIFACT: {
    exit: 1,
    message: 'plugin.tar.gz holds an entry hplugin refuses to extract: <entry> (<why>).',
    hint: 'Nothing was extracted. Ask whoever published it to package it with `hplugin package`, or inspect it with `hplugin inspect`.',
  },
} as const satisfies Record<string, CatalogueEntry>;
