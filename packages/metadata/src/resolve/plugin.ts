/**
 * resolvePluginMetadata: the one place where a plugin's annotations, its committed spec.yaml and
 * its config are merged. Precedence:
 *   - a committed spec.yaml is packaged as it is, so its values win; a config value that differs
 *     gives SPEC_METADATA_CONFLICT;
 *   - else the spec is generated from the Go annotations, with the config filling the gaps
 *     (generateSpec: the annotation wins a conflict, with a warning);
 *   - else (no config struct hplugin can find) a minimal spec from the config and defaults.
 * failStrategy comes from the config when set explicitly, else the auth rule (fail-strategy.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError, isHpluginError } from '@hplugin/core';
import { METADATA_DEFAULTS } from '@hplugin/rules';
import { SPEC_FILE_INVALID } from '../errors.js';
import { generateSpec, type GenerateSpecOptions, type GenerateSpecResult } from '../spec/generate.js';
import { mergeMetadata } from '../spec/merge.js';
import { renderSpecYaml } from '../spec/render.js';
import type { PluginSpec, SpecMetadata, SpecWarning } from '../types.js';
import { metadataFromSpec, type ConfiguredFailStrategy, type ResolvedMetadata } from './metadata.js';

export interface ResolvePluginMetadataOptions extends GenerateSpecOptions {
  /** A committed spec.yaml (absolute, or relative to pluginDir); used as it is. */
  specFile?: string;
  /** failStrategy set explicitly in the config, with where it was set. */
  failStrategy?: ConfiguredFailStrategy;
}

export interface ResolvedPluginMetadata {
  metadata: ResolvedMetadata;
  spec: { yaml: string; spec: PluginSpec; origin: 'file' | 'generated' | 'minimal' };
  /** Warnings of the merge itself (generateSpec reports its own, and returns them in `generated`). */
  warnings: SpecWarning[];
  generated?: GenerateSpecResult;
}

export async function resolvePluginMetadata(options: ResolvePluginMetadataOptions): Promise<ResolvedPluginMetadata> {
  const warnings: SpecWarning[] = [];
  const emit = (w: SpecWarning) => {
    warnings.push(w);
    options.reporter?.warn(w.message, w.code);
  };
  if (options.specFile) {
    const path = resolve(options.pluginDir, options.specFile);
    const shown = relative(options.pluginDir, path) || path;
    const yaml = await readFile(path, 'utf8');
    const spec = readSpecFile(yaml, shown);
    for (const w of conflictsWithConfig(spec, shown, options.metadata ?? {}, options.metadataSources ?? {})) emit(w);
    const sources = Object.fromEntries(
      ['info.name', 'info.version', 'info.category', 'spec.phase', 'spec.priority'].map((k) => [k, shown]),
    );
    return { metadata: metadataFromSpec(spec, sources, options.failStrategy), spec: { yaml, spec, origin: 'file' }, warnings };
  }
  try {
    const generated = await generateSpec(options);
    return {
      metadata: metadataFromSpec(generated.spec, generated.sources, options.failStrategy),
      spec: { yaml: generated.yaml, spec: generated.spec, origin: 'generated' },
      warnings,
      generated,
    };
  } catch (err) {
    if (!isHpluginError(err) || !err.code.startsWith('SPEC_CONFIG_STRUCT')) throw err;
    emit({
      code: 'PACKAGE_SPEC_MINIMAL',
      message: `No spec.yaml and no config struct hplugin can describe (${err.message.split('\n')[0]}); using a minimal spec.yaml from the config metadata.`,
    });
    const merged = mergeMetadata({ contact: {} }, options.metadata ?? {}, {
      metadataSources: options.metadataSources,
      fallbackName: basename(resolve(options.pluginDir)),
    });
    const spec: PluginSpec = {
      apiVersion: '1.0.0',
      info: { ...merged.info, title: merged.info.title ?? merged.info.name },
      spec: { phase: merged.phase, priority: merged.priority, configSchema: { openAPIV3Schema: { type: 'object' } } },
    };
    const yaml = renderSpecYaml(spec, undefined);
    return { metadata: metadataFromSpec(spec, merged.sources, options.failStrategy), spec: { yaml, spec, origin: 'minimal' }, warnings };
  }
}

function readSpecFile(yaml: string, shown: string): PluginSpec {
  let doc: unknown;
  try {
    doc = parseYaml(yaml);
  } catch (err) {
    throw new UsageError(SPEC_FILE_INVALID, `${shown} is not YAML: ${(err as Error).message.split('\n')[0]}`, {
      hint: `Fix ${shown}, or delete it to have hplugin generate one from the Go annotations.`,
    });
  }
  const spec = doc as Partial<PluginSpec> | null;
  if (!spec || typeof spec !== 'object' || typeof spec.info !== 'object' || typeof spec.spec !== 'object') {
    throw new UsageError(SPEC_FILE_INVALID, `${shown} has no info and spec sections, so it is not a Higress spec.yaml.`, {
      hint: `Fix ${shown} (see \`hplugin spec\` for the shape), or delete it to have hplugin generate one.`,
    });
  }
  // Values the file leaves out take spec.yaml's defaults (what the console assumes too).
  return {
    ...spec,
    info: { ...spec.info, category: spec.info.category ?? METADATA_DEFAULTS.category } as PluginSpec['info'],
    spec: {
      ...spec.spec,
      phase: spec.spec.phase ?? METADATA_DEFAULTS.phase,
      priority: spec.spec.priority ?? METADATA_DEFAULTS.priority,
    } as PluginSpec['spec'],
  } as PluginSpec;
}

/** A config value set by the user that spec.yaml contradicts: spec.yaml wins (it is what gets packaged). */
function conflictsWithConfig(spec: PluginSpec, shown: string, meta: SpecMetadata, sources: Record<string, string>): SpecWarning[] {
  const pairs: Array<[string, string, unknown, unknown]> = [
    ['spec.phase', 'metadata.phase', spec.spec.phase, meta.phase],
    ['spec.priority', 'metadata.priority', spec.spec.priority, meta.priority],
    ['info.category', 'metadata.category', spec.info.category, meta.category],
  ];
  const out: SpecWarning[] = [];
  for (const [specKey, configKey, inSpec, inConfig] of pairs) {
    const from = sources[configKey];
    if (inConfig === undefined || from === undefined || from === 'default' || inConfig === inSpec) continue;
    out.push({
      code: 'SPEC_METADATA_CONFLICT',
      file: shown,
      message: `${specKey}: ${shown} says ${JSON.stringify(inSpec)}, but ${configKey} in ${from} says ${JSON.stringify(inConfig)}; using ${shown}, which is what gets packaged.`,
    });
  }
  return out;
}
