/**
 * generateSpec: plugin Go source → spec.yaml.
 * Go's own parser reads the source (go/specgen); TypeScript reads the annotations, builds the
 * schema, merges the config metadata and renders YAML.
 */
import { basename, posix, resolve, sep } from 'node:path';
import { HpluginError, silentReporter, type Reporter } from '@hplugin/core';
import { readPluginAnnotations } from '../annotations/plugin.js';
import { formatPos } from '../errors.js';
import { nodeSchema, type SchemaContext } from '../schema/build.js';
import { orderSchemaKeys } from '../schema/order.js';
import { ensureSpecgenBinary, type SpecgenBinary } from '../specgen/binary.js';
import { specgenErrorCode } from '../specgen/error-code.js';
import type { GoDiagnostic, GoKeyReport } from '../specgen/model.js';
import { runSpecgen } from '../specgen/run.js';
import type { PluginSpec, SpecMetadata, SpecWarning } from '../types.js';
import { assertSpecExamples, validateSpecExamples } from '../validate/examples.js';
import type { Leniency } from '../annotations/leniency.js';
import { mergeMetadata } from './merge.js';
import { renderSpecYaml } from './render.js';

export interface GenerateSpecOptions {
  pluginDir: string;
  /** The main package, relative to pluginDir (build.main). Default '.'. */
  main?: string;
  /** Config metadata; fills what the annotations leave out. */
  metadata?: SpecMetadata;
  /** Where each metadata value came from (@hplugin/config's `sources`); "default" marks values the user did not set. */
  metadataSources?: Record<string, string>;
  /** Extra build tags (.buildrc / build.tags): files behind them are read too. */
  buildTags?: readonly string[];
  goBinary?: string;
  /** Where the built generator is cached. */
  cacheDir?: string;
  /**
   * Default true: documentation gaps (an annotation with no text, an @Example that is not YAML or
   * does not match the schema) are errors. false (package without --strict): warnings, and the
   * value is left out.
   */
  strict?: boolean;
  /** Property key for @Scope: `scope` (default: hgctl and the console's own spec.yaml files) or `x-scope`. */
  scopeKey?: 'scope' | 'x-scope';
  reporter?: Reporter;
}

export interface GenerateSpecResult {
  yaml: string;
  spec: PluginSpec;
  warnings: SpecWarning[];
  /** spec.yaml key → where its value came from ("annotation main.go:12", a config file, "default"). */
  sources: Record<string, string>;
  configStruct: { name: string; file: string; line: number; reason: 'annotation' | 'parse-config' | 'generic' };
  /** How the property names were found: struct tags, or the keys the gjson parse functions read. */
  keys: GoKeyReport;
  generator: SpecgenBinary;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function fromGoDiagnostic(d: GoDiagnostic, fileOf: (f: string) => string): SpecWarning {
  const file = d.file ? fileOf(d.file) : undefined;
  const where = file ? `${file}${d.line ? `:${d.line}` : ''}: ` : '';
  return { code: d.code, message: `${where}${d.message}`, ...(file ? { file } : {}), ...(d.line ? { line: d.line } : {}) };
}

export async function generateSpec(options: GenerateSpecOptions): Promise<GenerateSpecResult> {
  const reporter = options.reporter ?? silentReporter();
  const pluginDir = resolve(options.pluginDir);
  const main = options.main ?? '.';
  const fileOf = (goFile: string) => posix.normalize(posix.join(toPosix(main), goFile));

  const generator = await ensureSpecgenBinary({ goBinary: options.goBinary, cacheDir: options.cacheDir, reporter });
  const out = await runSpecgen(generator.path, resolve(pluginDir, main), options.buildTags);
  if (out.error || !out.config || !out.root) {
    const e = out.error ?? { code: 'SPEC_GENERATOR_FAILED', message: 'The spec generator returned no config struct.' };
    const w = fromGoDiagnostic(e, fileOf);
    // The exit comes from the catalogue: 2 for the generator's codes (the Go sources must change).
    const { code, uncatalogued } = specgenErrorCode(e.code);
    throw new HpluginError(code, w.message, {
      hint: e.hint,
      details: { file: w.file, line: w.line, ...(uncatalogued ? { generatorCode: uncatalogued } : {}) },
    });
  }

  const warnings: SpecWarning[] = out.warnings.map((d) => fromGoDiagnostic(d, fileOf));
  const configFile = fileOf(out.config.file);
  const leniency: Leniency | undefined = options.strict === false ? { warnings } : undefined;
  const notes = readPluginAnnotations(out.config.doc, fileOf(out.config.docFile || out.config.file), out.config.name, leniency);
  const ctx: SchemaContext = { fileOf, scopeKey: options.scopeKey ?? 'scope', warnings, ...(leniency ? { leniency } : {}) };
  const schema = nodeSchema(out.root, ctx);
  if (Object.keys((schema.properties as object | undefined) ?? {}).length === 0) {
    const why =
      out.keys?.mode === 'gjson'
        ? `is read with gjson (${out.keys.readers?.join(', ')}) and hplugin could trace no json.Get("key") to its fields, so it cannot know the property names; the schema lists none rather than guessed ones`
        : 'has no field hplugin can describe (fields must be exported, tagged json:"…", or annotated), so the schema lists no properties';
    warnings.push({
      code: 'SPEC_NO_PROPERTIES',
      file: configFile,
      line: out.config.line,
      message: `${configFile}:${out.config.line}: config struct ${out.config.name} ${why}.`,
    });
  }
  if (notes.example) schema.example = notes.example.value;

  const merged = mergeMetadata(notes, options.metadata ?? {}, {
    metadataSources: options.metadataSources,
    fallbackName: basename(pluginDir),
  });
  warnings.push(...merged.warnings);
  const spec: PluginSpec = {
    apiVersion: '1.0.0',
    info: merged.info,
    spec: { phase: merged.phase, priority: merged.priority, configSchema: { openAPIV3Schema: orderSchemaKeys(schema) } },
  };
  if (leniency) {
    const { problems } = validateSpecExamples(spec, { remove: true });
    if (problems.length > 0) {
      // One warning for all of them: an example that is wrong in ten places is one gap.
      warnings.push({
        code: 'SPEC_EXAMPLE_INVALID',
        message: `An example does not match its schema, so it is left out (an error with --strict): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`,
      });
    }
  } else {
    assertSpecExamples(spec, notes.example ? formatPos(notes.example.pos) : undefined);
  }

  for (const w of warnings) reporter.warn(w.message, w.code);
  const { name, line, reason } = out.config;
  return {
    yaml: renderSpecYaml(spec, `${name} (${configFile})`),
    spec,
    warnings,
    sources: merged.sources,
    configStruct: { name, file: configFile, line, reason },
    keys: out.keys ?? { mode: 'tags' },
    generator,
  };
}
