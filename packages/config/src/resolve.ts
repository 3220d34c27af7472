/**
 * Resolution: defaults, then Higress folder conventions, then the workspace config, then the plugin's
 * own config. Every resolved value remembers where it came from (`sources`), which `hplugin config`
 * prints, so "why is it doing that?" always has an answer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
import {
  BUILD_DEFAULTS,
  DEFAULT_PACKAGE_FORMAT,
  METADATA_DEFAULTS,
  NAME_PATTERN,
  OUTPUT_DEFAULTS,
  isSemver,
  isTag,
  type PackageFormat,
} from '@hplugin/rules';
import type { Metadata, PluginConfigInput } from './schema.js';
import { discoverConfigs, type FoundConfig } from './discover.js';
import { throwIfProblems, validateConfigObject } from './validate.js';
import { versionFromReleaseTag } from './version-tag.js';

export interface ResolvedPluginConfig {
  pluginDir: string;
  configFile?: string;
  workspaceRoot?: string;
  workspaceConfigFile?: string;
  name: string;
  version: string;
  metadata: Required<Pick<Metadata, 'category' | 'phase' | 'priority'>> & Omit<Metadata, 'category' | 'phase' | 'priority'>;
  build: {
    toolchain: 'go' | 'tinygo';
    main: string;
    output: string;
    tags: string[];
    ldflags: string;
    env: Record<string, string>;
    args: string[];
    prepare: boolean;
    optimize: boolean;
    go?: string;
    tinygo?: string;
  };
  package: {
    format: PackageFormat;
    readme?: string;
    readmes: Record<string, string>;
    spec?: string;
    icon?: string;
    annotations: Record<string, string>;
    output: string;
    /** Documentation gaps are errors, not warnings (package.strict / --strict). */
    strict: boolean;
    sbom: 'none' | 'spdx' | 'cyclonedx';
  };
  publish: {
    registry?: string;
    repository: string;
    tags: string[];
    plainHttp: boolean;
    insecure: boolean;
    caFile?: string;
  };
  /** Warning codes this plugin's config silences (`silenceWarnings`). */
  silenceWarnings: string[];
  /** Dotted key → where the value came from: a file path, a convention, or "default". */
  sources: Record<string, string>;
}

type Layer = { source: string; value: PluginConfigInput };

const DEFAULTS: PluginConfigInput = {
  metadata: { category: METADATA_DEFAULTS.category, phase: METADATA_DEFAULTS.phase, priority: METADATA_DEFAULTS.priority },
  // Fresh containers: a merge must never write into the shared defaults.
  build: { ...BUILD_DEFAULTS, tags: [], env: {}, args: [] },
  package: { format: DEFAULT_PACKAGE_FORMAT, annotations: {}, output: OUTPUT_DEFAULTS.oci, strict: false, sbom: 'none' },
  publish: { tags: ['{version}'], plainHttp: false, insecure: false },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merge layers (later wins; arrays and string maps of env/annotations are replaced whole). */
function mergeLayers(layers: Layer[]): { value: Record<string, unknown>; sources: Record<string, string> } {
  const value: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const apply = (target: Record<string, unknown>, layer: Record<string, unknown>, prefix: string, source: string) => {
    for (const [key, v] of Object.entries(layer)) {
      if (v === undefined || key === '$schema' || key === 'workspace') continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const leafMap = path === 'build.env' || path === 'package.annotations' || path.endsWith('I18n') || path === 'package.readmes';
      if (isPlainObject(v) && !leafMap) {
        const child = isPlainObject(target[key]) ? (target[key] as Record<string, unknown>) : {};
        target[key] = child;
        apply(child, v, path, source);
      } else {
        target[key] = v;
        sources[path] = source;
      }
    }
  };
  for (const layer of layers) apply(value, layer.value as Record<string, unknown>, '', layer.source);
  return { value, sources };
}

/** Higress folder conventions: VERSION, README.md, README_<LANG>.md, spec.yaml, icon.png. */
function conventions(pluginDir: string): Layer[] {
  const layers: Layer[] = [{ source: 'the folder name', value: { name: basename(pluginDir) } }];
  const versionFile = join(pluginDir, 'VERSION');
  if (existsSync(versionFile)) layers.push({ source: 'VERSION', value: { version: readFileSync(versionFile, 'utf8').trim() } });
  const pkg: NonNullable<PluginConfigInput['package']> = {};
  const files = existsSync(pluginDir) ? readdirSync(pluginDir) : [];
  if (files.includes('README.md')) pkg.readme = 'README.md';
  const readmes: Record<string, string> = {};
  for (const f of files) {
    const m = /^README_([A-Za-z]{2}(?:-[A-Za-z]{2})?)\.md$/.exec(f);
    if (m) readmes[m[1]!.toLowerCase()] = f;
  }
  if (Object.keys(readmes).length) pkg.readmes = readmes;
  if (files.includes('spec.yaml')) pkg.spec = 'spec.yaml';
  if (files.includes('icon.png')) pkg.icon = 'icon.png';
  if (Object.keys(pkg).length) layers.push({ source: 'Higress folder convention', value: { package: pkg } });
  return layers;
}

function validated(found: FoundConfig | undefined): Layer[] {
  if (!found) return [];
  throwIfProblems(validateConfigObject(found.value, found.file, found.text));
  return [{ source: found.file, value: found.value as PluginConfigInput }];
}

export interface ResolveOptions {
  /** The plugin folder, or any folder inside it. */
  cwd: string;
  /**
   * Default true. Building needs no version, so `build` passes false and a missing version becomes
   * 0.0.0 (marked as such in sources); packaging and publishing require a real one.
   */
  requireVersion?: boolean;
  /** The version to use whatever the files say (`--version`): first in the order of precedence. */
  version?: string;
}

/** Find, merge, validate and resolve the config of the plugin at `cwd`. */
export async function resolvePluginConfig(options: ResolveOptions): Promise<ResolvedPluginConfig> {
  const start = resolve(options.cwd);
  if (!existsSync(start)) {
    throw new UsageError('CONFIG_DIR_NOT_FOUND', `The folder ${start} does not exist.`, {
      hint: 'Pass an existing plugin folder (or --cwd).',
    });
  }
  const { plugin, workspace } = await discoverConfigs(start);
  const pluginDir = plugin?.dir ?? start;
  refuseWorkspaceVersion(workspace, pluginDir);
  const layers: Layer[] = [
    { source: 'default', value: DEFAULTS },
    ...conventions(pluginDir),
    ...validated(workspace),
    ...validated(plugin),
  ];
  const { value, sources } = mergeLayers(layers);
  const cfg = value as PluginConfigInput & Record<string, never>;
  await applyVersionPrecedence(cfg, sources, pluginDir, options.version);
  if (cfg.version === undefined && options.requireVersion === false) {
    cfg.version = '0.0.0';
    sources.version = 'default (no VERSION file; packaging needs one)';
  }
  checkDerived(cfg, sources, pluginDir);
  return finish(cfg, sources, pluginDir, plugin, workspace);
}

/**
 * A version belongs to one plugin. A `version` in a workspace root config would stamp every plugin
 * with one number, over their own VERSION files, so it is refused rather than merged. (A root config
 * in the plugin's own folder, a one-plugin repository, is that plugin's config and may carry it.)
 */
function refuseWorkspaceVersion(workspace: FoundConfig | undefined, pluginDir: string): void {
  if (!workspace || workspace.dir === pluginDir || workspace.value.version === undefined) return;
  throw new UsageError(
    'CONFIG_WORKSPACE_VERSION',
    `${workspace.file} sets "version", but it is a workspace root config: one version for every plugin would override each plugin's own VERSION file.`,
    {
      hint: 'Remove "version" from the workspace config. Version each plugin by its VERSION file, its own config, or a wasm-go-<name>-vX.Y.Z git tag (or pass --version for one plugin).',
      details: { path: 'version', file: workspace.file },
    },
  );
}

/**
 * The version, highest precedence first: --version, the plugin's config, its VERSION file (both
 * already merged in that order), then the newest `wasm-go-<name>-vX.Y.Z` tag reachable from HEAD.
 * `sources.version` says which one it was.
 */
async function applyVersionPrecedence(
  cfg: PluginConfigInput,
  sources: Record<string, string>,
  pluginDir: string,
  flag: string | undefined,
): Promise<void> {
  if (flag !== undefined) {
    cfg.version = flag;
    sources.version = '--version';
    return;
  }
  if (cfg.version !== undefined || cfg.name === undefined) return;
  const tagged = await versionFromReleaseTag(pluginDir, cfg.name);
  if (!tagged) return;
  cfg.version = tagged.version;
  sources.version = `git tag ${tagged.tag}`;
}

/** Values that came from conventions were not schema-checked: check them here with the same words. */
function checkDerived(cfg: PluginConfigInput, sources: Record<string, string>, pluginDir: string): void {
  if (!new RegExp(NAME_PATTERN).test(cfg.name ?? '')) {
    throw new UsageError(
      'CONFIG_INVALID',
      `The plugin name "${cfg.name}" (from ${sources.name}) is not a valid OCI repository name: use lowercase letters, digits and single dashes, e.g. request-block.`,
      {
        hint: `Set "name" in the plugin's hplugin.config.yaml, or rename the folder ${pluginDir}.`,
        details: { path: 'name', source: sources.name },
      },
    );
  }
  if (cfg.version === undefined) {
    throw new UsageError(
      'CONFIG_MISSING_VERSION',
      `No version for plugin "${cfg.name}": no --version, no "version" in its config, no VERSION file in ${pluginDir}, and no git tag wasm-go-${cfg.name}-vX.Y.Z reachable from HEAD.`,
      {
        hint: `Create a VERSION file holding e.g. 1.0.0 (the Higress convention), tag a release (git tag wasm-go-${cfg.name}-v1.0.0), set version in the plugin's hplugin.config.yaml, or pass --version.`,
        details: { path: 'version' },
      },
    );
  }
  if (!isSemver(cfg.version)) {
    throw new UsageError(
      'CONFIG_INVALID',
      `The version "${cfg.version}" (from ${sources.version}) is not a semantic version such as 1.0.0.`,
      {
        hint:
          sources.version === 'VERSION'
            ? 'Fix the VERSION file.'
            : sources.version === '--version'
              ? 'Pass a semantic version to --version.'
              : 'Fix "version" in the config.',
        details: { path: 'version', source: sources.version },
      },
    );
  }
}

/** A file named in a config (not found by convention) must exist: say which key names it. */
function checkFilesExist(pluginDir: string, sources: Record<string, string>, files: Record<string, string | undefined>): void {
  for (const [key, file] of Object.entries(files)) {
    if (file === undefined || existsSync(resolve(pluginDir, file))) continue;
    const from = sources[key] ?? sources[key.split('.').slice(0, 2).join('.')] ?? 'the config';
    throw new UsageError('CONFIG_FILE_MISSING', `${key} in ${from} names ${file}, which does not exist in ${pluginDir}.`, {
      hint:
        key === 'package.spec'
          ? 'Create it (`hplugin spec` writes it from the Go annotations), or remove the key to have it generated.'
          : 'Create the file, fix the path, or remove the key.',
      details: { path: key, file, source: from },
    });
  }
}

function checkTags(tags: string[], sources: Record<string, string>): void {
  const bad = tags.filter((t) => !isTag(t));
  if (bad.length === 0) return;
  throw new UsageError(
    'CONFIG_INVALID',
    `publish.tags: ${bad.map((t) => `"${t}"`).join(', ')} ${bad.length > 1 ? 'are not valid OCI tags' : 'is not a valid OCI tag'} (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"; "+" is not allowed, so a semver build suffix cannot be a tag).`,
    {
      hint: 'Change publish.tags or the version.',
      details: { path: 'publish.tags', source: sources['publish.tags'] ?? sources.version },
    },
  );
}

function finish(
  cfg: PluginConfigInput,
  sources: Record<string, string>,
  pluginDir: string,
  plugin: FoundConfig | undefined,
  workspace: FoundConfig | undefined,
): ResolvedPluginConfig {
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(pluginDir, p));
  const b = cfg.build!;
  const p = cfg.package!;
  const pub = cfg.publish!;
  const version = cfg.version!;
  const tags = [...new Set((pub.tags ?? []).map((t) => t.replaceAll('{version}', version)))];
  checkTags(tags, sources);
  checkFilesExist(pluginDir, sources, {
    'package.readme': p.readme,
    'package.spec': p.spec,
    'package.icon': p.icon,
    'publish.caFile': pub.caFile,
    ...Object.fromEntries(Object.entries(p.readmes ?? {}).map(([lang, f]) => [`package.readmes.${lang}`, f])),
  });
  const readmes = Object.fromEntries(Object.entries(p.readmes ?? {}).map(([lang, f]) => [lang.toLowerCase(), resolve(pluginDir, f)]));
  return {
    pluginDir,
    ...(plugin ? { configFile: plugin.file } : {}),
    ...(workspace ? { workspaceRoot: workspace.dir, workspaceConfigFile: workspace.file } : {}),
    name: cfg.name!,
    version,
    silenceWarnings: cfg.silenceWarnings ?? [],
    metadata: cfg.metadata as ResolvedPluginConfig['metadata'],
    build: {
      toolchain: b.toolchain!,
      main: b.main!,
      output: resolve(pluginDir, b.output!),
      tags: b.tags!,
      ldflags: b.ldflags!,
      env: b.env ?? {},
      args: b.args!,
      prepare: b.prepare!,
      optimize: b.optimize!,
      ...(b.go ? { go: b.go } : {}),
      ...(b.tinygo ? { tinygo: b.tinygo } : {}),
    },
    package: {
      format: p.format!,
      ...(p.readme ? { readme: abs(p.readme)! } : {}),
      readmes,
      ...(p.spec ? { spec: abs(p.spec)! } : {}),
      ...(p.icon ? { icon: abs(p.icon)! } : {}),
      annotations: p.annotations ?? {},
      output: resolve(pluginDir, p.output!),
      strict: p.strict!,
      sbom: p.sbom!,
    },
    publish: {
      ...(pub.registry ? { registry: pub.registry } : {}),
      repository: pub.repository ?? `plugins/${cfg.name}`,
      tags,
      plainHttp: pub.plainHttp!,
      insecure: pub.insecure!,
      ...(pub.caFile ? { caFile: abs(pub.caFile)! } : {}),
    },
    sources: { ...sources, ...(pub.repository ? {} : { 'publish.repository': 'default (plugins/<name>)' }) },
  };
}
