/**
 * README files become doc layers, one per language. `README.md` is the default language (what the
 * console shows when it has no better match); `README_EN.md` → `application/vnd.module.wasm.doc.v1.en+markdown`.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UsageError } from '@hplugin/core';
import { readmeMediaType } from '../media-types.js';

export interface ReadmeInput {
  path: string;
  /** undefined: the default README.md. */
  lang?: string;
}

export interface ReadmeLayer {
  path: string;
  lang?: string;
  /** The file name recorded in the layer's org.opencontainers.image.title. */
  title: string;
  mediaType: string;
}

const README_FILE = /^README(?:_([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*))?\.md$/;
const LANG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;

/** The Higress convention in a plugin folder: README.md plus README_<LANG>.md files. */
export async function discoverReadmes(pluginDir: string): Promise<ReadmeInput[]> {
  const names = (await readdir(pluginDir)).filter((n) => README_FILE.test(n)).sort();
  return names.map((name) => {
    const lang = README_FILE.exec(name)![1];
    return lang ? { path: join(pluginDir, name), lang } : { path: join(pluginDir, name) };
  });
}

/** Normalise languages, refuse duplicates, require the default README.md, and fix the layer order. */
export function planReadmes(readmes: ReadmeInput[], pluginDir: string): ReadmeLayer[] {
  const layers = readmes.map((r) => toLayer(r));
  const seen = new Map<string, string>();
  for (const layer of layers) {
    const key = layer.lang ?? '(default)';
    const previous = seen.get(key);
    if (previous) {
      throw new UsageError('PACKAGE_README_DUPLICATE', `Two READMEs claim the language ${key}: ${previous} and ${layer.path}.`, {
        hint: 'Keep one README per language (README.md for the default, README_<LANG>.md for the others).',
      });
    }
    seen.set(key, layer.path);
  }
  if (!seen.has('(default)')) {
    // A documented choice: no generated stand-in. The console shows README.md as the plugin's page,
    // and a made-up one would be published under the author's name without them noticing.
    const others = layers.map((l) => basename(l.path));
    throw new UsageError('PACKAGE_README_MISSING', `${join(pluginDir, 'README.md')} is missing; a Higress plugin artifact carries it as the plugin's documentation.`, {
      hint: others.length
        ? `Add README.md (the default language); ${others.join(', ')} only cover other languages.`
        : 'Write a README.md that says what the plugin does and how to configure it, then package again.',
    });
  }
  // Default first, then by language: the order must not depend on the order of discovery.
  // Plain code-unit order, not localeCompare, whose answer depends on the ICU data of the machine.
  return layers.sort((a, b) => ((a.lang ?? '') < (b.lang ?? '') ? -1 : 1));
}

function toLayer(readme: ReadmeInput): ReadmeLayer {
  if (readme.lang === undefined) return { path: readme.path, title: 'README.md', mediaType: readmeMediaType(undefined) };
  const lang = readme.lang.toLowerCase().replace(/_/g, '-');
  if (!LANG.test(lang)) {
    throw new UsageError('PACKAGE_README_LANG_INVALID', `"${readme.lang}" (for ${readme.path}) is not a language tag.`, {
      hint: 'Use a language like en, zh or zh-cn, e.g. README_EN.md.',
    });
  }
  const name = basename(readme.path);
  const title = README_FILE.test(name) && README_FILE.exec(name)![1] ? name : `README_${readme.lang}.md`;
  return { path: readme.path, lang, title, mediaType: readmeMediaType(lang) };
}
